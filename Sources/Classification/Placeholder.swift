// The library Classification: placeholder until issue 13 lands it.
