// Placeholder: the issue-14 energy models (RBM, DAE, MLP energy) go here.
