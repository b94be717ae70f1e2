/* CFaxBaseline: plain C back-to-back soft-modem loop, the benchmark baseline. */
#ifndef CFAXBASELINE_H
#define CFAXBASELINE_H
int cfax_baseline_placeholder(void);
#endif
