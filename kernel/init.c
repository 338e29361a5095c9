/* kernel_main: start the Python runtime and run the frozen kernel (kernel/main.py). */
#include <stdint.h>
#include "dma.h"
#include "faults.h"
#include "panic.h"
#include "serial.h"
#include "task.h"
#include "timer.h"
#include "runtime/port.h"
#include "runtime/vm.h"

extern const uint8_t frozen_bundle[], frozen_bundle_end[];
bool machine_module_register(void);
bool kthread_module_register(void);

static void serial_input_arrived(void) { softirq_raise(SERIAL_IRQ_LINE); }

void kernel_main(void)
{
    run_fault_argument();
    task_init();
    size_t heap_size;
    void *heap = port_heap_region(&heap_size);
    if (!heap || !vm_init(heap, heap_size))
        panic("no memory for the Python heap");
    task_adopt_vm();
    vm_set_external_free_hook(dma_collected);
    if (!machine_module_register() || !kthread_module_register())
        panic("registering the native modules failed");
    serial_set_rx_notify(serial_input_arrived);
    timer_set_tick_hook(task_tick);
    int status = vm_run_bundle(frozen_bundle, (size_t)(frozen_bundle_end - frozen_bundle), 0, 0);
    panic("init (kernel/main.py) failed with status %d", status);
}
