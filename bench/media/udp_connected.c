/*
 * bench/media/udp_connected.c: kernel CPU per datagram on loopback, unconnected vs connected UDP
 * sockets, the question behind "connect() a relay leg's socket to its latched peer" (issue #4).
 *
 *   gcc -O2 -o /tmp/udp_connected bench/media/udp_connected.c
 *   flock /work/bench.lock sh -c 'for r in 1 2 3 4 5; do for m in 0 1 3; do taskset -c 1 /tmp/udp_connected $m 300000; done; done'
 *
 * Mode 0: sendto + recvfrom on unconnected sockets (what the relay does); 1: the sender is
 * connected (send, cached route); 3: both connected (send + recv, no address either way).
 * Bias avoided: sender and receiver are two IPv6 dual-stack sockets (like Netty's) in one
 * process on one pinned CPU, each datagram received before the next is sent, so no queue builds
 * up, nothing sleeps, and the loopback softirq work of both sides is charged to this process.
 * Modes alternate inside each repeat, so a noisy neighbour hits all of them alike.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODE(0|1|3) DATAGRAMS\n", argv[0]);
        return 2;
    }
    int mode = atoi(argv[1]);
    int n = atoi(argv[2]);
    int a = socket(AF_INET6, SOCK_DGRAM, 0), b = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 sa = {0}, sb = {0}, from;
    sa.sin6_family = sb.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &sa.sin6_addr);
    sb.sin6_addr = sa.sin6_addr;
    socklen_t len = sizeof sa;
    if (bind(a, (void *)&sa, sizeof sa) || bind(b, (void *)&sb, sizeof sb)
            || getsockname(a, (void *)&sa, &len) || (len = sizeof sb, getsockname(b, (void *)&sb, &len))) {
        perror("bind");
        return 1;
    }
    if ((mode & 1) && connect(a, (void *)&sb, sizeof sb)) {
        perror("connect sender");
        return 1;
    }
    if ((mode & 2) && connect(b, (void *)&sa, sizeof sa)) {
        perror("connect receiver");
        return 1;
    }
    char buf[2048] = {(char)0x80};
    double start = cpu_seconds();
    for (int i = 0; i < n; i++) {
        if (mode & 1) {
            send(a, buf, 172, 0);
        } else {
            sendto(a, buf, 172, 0, (void *)&sb, sizeof sb);
        }
        if (mode & 2) {
            recv(b, buf, sizeof buf, 0);
        } else {
            len = sizeof from;
            recvfrom(b, buf, sizeof buf, 0, (void *)&from, &len);
        }
    }
    printf("mode %d: %.0f ns per datagram (send + receive)\n", mode, (cpu_seconds() - start) * 1e9 / n);
    return 0;
}
