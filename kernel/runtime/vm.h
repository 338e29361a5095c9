/* vm.h: the embedding API of the Krait VM (what the kernel port calls). */
#ifndef KRAIT_VM_H
#define KRAIT_VM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t Val;

/* Initialise the runtime with the heap in [heap, heap + size). */
bool vm_init(void *heap, size_t size);

/* Load a bundle image (format in toolchain/FORMAT.md) from memory and run its
 * __main__ module with sys.argv = [script, *args]. Returns the process exit
 * status as CPython would (uncaught exception: traceback on stderr, 1). */
int vm_run_bundle(const uint8_t *image, size_t len, int argc, const char **argv);

/* Native modules: a name and a NULL-terminated table of C functions. Must be
 * registered before the bundle runs; `import NAME` then finds them. */
typedef Val (*vm_native_fn)(Val *args, int nargs, Val kwnames);
typedef struct vm_native_def {
    const char *name;
    vm_native_fn fn;
} vm_native_def;
bool vm_register_module(const char *name, const vm_native_def *fns);

/* Safepoints: the port sets vm_safepoint_pending (e.g. from an IRQ handler);
 * the interpreter checks it at backward jumps and calls and then runs the
 * hook at a bytecode boundary, with the flag cleared first. */
extern volatile int vm_safepoint_pending;
void vm_set_safepoint_hook(void (*hook)(void));

/* Threads: all per-thread interpreter state lives in a vm_thread. The port
 * switches vm_current_thread when it switches C stacks (at safepoints). */
typedef struct vm_thread vm_thread;
extern vm_thread *vm_current_thread;
vm_thread *vm_thread_new(void);
/* Extra GC roots: stacks of threads that are not running (conservatively scanned). */
typedef void (*vm_stack_enum_fn)(void (*scan)(uintptr_t lo, uintptr_t hi));
void vm_set_stack_enumerator(vm_stack_enum_fn fn);

/* Memory outside the heap behind a view (memview_external) whose last view was
 * collected: the embedder gives it back. */
void vm_set_external_free_hook(void (*fn)(void *ptr, size_t len));

#endif
