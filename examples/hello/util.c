#include "util.h"

int count_args(int argc)
{
	return argc > 1 ? argc - 1 : 0;
}
