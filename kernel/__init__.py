"""The kernel proper: init, scheduler, console, shell."""
