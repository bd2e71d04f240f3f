// linear-probe: placeholder until issue 13's helpers land it.
