/* Writes a file (O_WRONLY|O_CREAT|O_TRUNC, absolute path) and reads it back (O_RDONLY, relative path) while the first fd is still open, so the two fds and their closes differ. */
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[16];
	int w, r;

	if (argc != 3)
		return 2;
	w = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0640);	/* fd 3 */
	if (w < 0)
		return 10;
	if (write(w, "hello\n", 6) != 6)
		return 11;
	r = open(argv[2], O_RDONLY);				/* fd 4 */
	if (r < 0)
		return 12;
	if (close(w))
		return 13;
	if (read(r, buf, sizeof buf) != 6)
		return 14;
	if (close(r))
		return 15;
	return 0;
}
