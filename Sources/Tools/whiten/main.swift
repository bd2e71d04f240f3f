print("placeholder: not built yet")
