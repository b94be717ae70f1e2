#include "CFaxBaseline.h"
int cfax_baseline_placeholder(void) { return 0; }
