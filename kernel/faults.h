/* Deliberate faults from the command line, for the panic-path tests. */
#ifndef KRAIT_FAULTS_H
#define KRAIT_FAULTS_H
void run_fault_argument(void);
#endif
