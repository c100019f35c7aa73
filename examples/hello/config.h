#ifndef CONFIG_H
#define CONFIG_H
#define GREETING "hello"
#endif
