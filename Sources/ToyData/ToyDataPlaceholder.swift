// Placeholder: toy 2-D distributions (spiral, moons, rings) go here.
