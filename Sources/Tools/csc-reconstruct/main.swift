// csc-reconstruct: not built yet (issue 11).
import ToolSupport
