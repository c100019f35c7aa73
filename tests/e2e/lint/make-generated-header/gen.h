#define VERSION 1 /* old: the test makes it older than gen.sh */
