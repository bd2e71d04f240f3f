// Convolutional sparse coding (issue 11): being built.
import Fourier
