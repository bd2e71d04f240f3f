// vae-train: placeholder until issue 12's helpers land it.
