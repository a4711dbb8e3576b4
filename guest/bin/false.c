/* false - exit 1. */
int
main(void)
{
	return 1;
}
