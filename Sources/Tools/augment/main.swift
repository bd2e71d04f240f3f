// augment: placeholder until issue 13's helpers land it.
