/*
 * ptonref N [SEED]: N random strings that look more or less like addresses,
 * each with glibc inet_pton's verdict, as ipcheck prints them in its default
 * mode: "TEXT<TAB>ipv4", "ipv6" or "invalid".  The suite pipes the first
 * column through ipcheck and expects the same lines back.
 */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned int
rnd(unsigned int n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned int)(state % n);
}

/* Pieces chosen to hit the edges: leading zeros, 255/256, "::", quads. */
static const char *pieces[] = {
	"0", "1", "00", "01", "9", "25", "255", "256", "300", "1000",
	"a", "f", "F", "ff", "fFfF", "ffff", "12345", "g", "0000", "00000",
	".", ".", ".", ":", ":", ":", "::", "::", ":::", " ", "1.2.3.4",
	"255.255.255.255", "01.2.3.4", "::ffff:", "x", "-", "+",
};

int
main(int argc, char *argv[])
{
	char s[128];
	unsigned char b[16];
	long i, n;
	size_t len, k, np = sizeof(pieces) / sizeof(pieces[0]);

	if (argc < 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: ptonref N [SEED]\n");
		return 2;
	}
	if (argc > 2)
		state += strtoull(argv[2], NULL, 10) * 2654435761ULL;
	for (i = 0; i < n; i++) {
		k = 1 + rnd(14);
		s[0] = '\0';
		len = 0;
		while (k-- > 0) {
			const char *p = pieces[rnd((unsigned int)np)];

			if (len + strlen(p) >= sizeof(s))
				break;
			memcpy(s + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		/* An empty line and an all-blank one are tested elsewhere. */
		if (len == 0 || s[0] == ' ')
			continue;
		printf("%s\t%s\n", s, inet_pton(AF_INET, s, b) == 1 ? "ipv4" :
		    inet_pton(AF_INET6, s, b) == 1 ? "ipv6" : "invalid");
	}
	return 0;
}
