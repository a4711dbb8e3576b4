/*
 * spin - loop forever without a system call: the runaway program that kfork run's
 * instruction budget (--max-instructions) must stop.
 */
int
main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}
