// The library VariationalCoding: placeholder until issue 12 lands the VAE.
