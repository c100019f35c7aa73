#include "config.h"
#include "greet.h"
#include "util.h"

int main(int argc, char **argv)
{
	greet(count_args(argc) ? argv[1] : "world");
	return 0;
}
