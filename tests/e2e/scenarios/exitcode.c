/* Ends as told: "exit N" exits with status N; "kill N" sends itself signal N. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	if (!strcmp(argv[1], "exit"))
		exit(atoi(argv[2]));
	if (!strcmp(argv[1], "kill")) {
		kill(getpid(), atoi(argv[2]));
		pause();
	}
	return 2;
}
