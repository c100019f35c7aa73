#ifndef UTIL_H
#define UTIL_H
int count_args(int argc);
#endif
