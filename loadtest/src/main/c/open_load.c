/*
 * open-load: an open-model HTTP/1.1 latency probe, the job wrk2 does (Debian ships only wrk, a closed-loop generator).
 *
 * Sends GET requests on a fixed schedule of RATE per second whether or not earlier ones have answered, over up to
 * CONNECTIONS keep-alive connections (one request in flight on each, no pipelining; a request that finds every
 * connection busy waits in a queue), and measures each latency from the moment the schedule says the request should
 * have left, so that a stall, of the server or of the probe itself, is charged to every request it held up (no
 * coordinated omission). The schedule is kept to the nanosecond (epoll_pwait2), not on a timer tick.
 *
 * It is written in C so that the generator takes as little of the machine as it can: on the 2-CPU benchmark machine
 * the probe shares the CPUs with the servers it measures, and a JVM probe spent 40 us of CPU per request, as much as
 * the server under test, which turned "half of saturation" into a nearly saturated machine.
 *
 *   open-load URL RATE DURATION_S [WARMUP_S] [CONNECTIONS] [IDS_FILE]
 *
 * URL is http://HOST:PORT/PATH (HOST an IPv4 address or a name). During the WARMUP_S seconds (default 10) the rate
 * climbs from a tenth of RATE to RATE and nothing is recorded; then DURATION_S seconds are measured. With IDS_FILE,
 * each request replaces {id} in the URL's path with a line of that file chosen at random. A 2xx or 3xx answer is ok;
 * any other status, a connection error or a malformed answer is an error.
 *
 * stdout, one line: rate= achieved= sent= ok= errors= unanswered= p50_us= p90_us= p99_us= p999_us= max_us=
 * stderr: the 10 worst 100 ms windows of the measured run (by the slowest request scheduled in each), so that a few
 * stalls can be told apart from a tail spread over the whole run. Exit status 0 once measured, 2 on bad arguments,
 * 1 when the server cannot be reached.
 *
 * Build: cc -O2 -o open-load open_load.c (loadtest/benchmark does it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NANOS_PER_SECOND 1000000000LL
#define WARMUP_START_SHARE 0.1
#define DRAIN_NANOS (5 * NANOS_PER_SECOND)
#define WINDOW_NANOS (100 * 1000000LL)
#define WORST_WINDOWS 10
#define SLOW_MICROS 1000
#define RESPONSE_BUFFER (64 * 1024)
#define REQUEST_BUFFER 2048
#define MAX_EVENTS 256

typedef struct {
  int fd;
  int busy;
  int64_t intended;   /* when the request in flight should have left (ns, CLOCK_MONOTONIC) */
  char out[REQUEST_BUFFER];
  size_t out_len, out_sent;
  char in[RESPONSE_BUFFER];
  size_t in_len;
} connection;

/* What the probe was asked to do. */
static struct {
  struct sockaddr_in address;
  char host_header[300];
  char path_prefix[1024], path_suffix[1024];
  int with_ids;
  char **ids;
  size_t id_count;
  double rate;
  int64_t start, measure_from, stop;
  int connection_count;
} plan;

/* What it measured. */
static struct {
  long sent, ok, errors, outstanding;
  uint32_t *latencies;
  size_t latency_count, latency_capacity;
  long *window_requests, *window_slow;
  uint32_t *window_max;
  long windows;
} measured;

static connection *connections;
static int *idle;            /* stack of idle connection indexes */
static int idle_count;
static int64_t *waiting;     /* ring of intended send times of requests waiting for a connection */
static size_t waiting_head, waiting_count, waiting_capacity;
static int epoll_fd;

static int64_t now_nanos(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * NANOS_PER_SECOND + ts.tv_nsec;
}

static void die(int status, const char *message) {
  fprintf(stderr, "open-load: %s\n", message);
  exit(status);
}

static void *allocate(size_t bytes) {
  void *memory = calloc(1, bytes);
  if (memory == NULL) {
    die(1, "out of memory");
  }
  return memory;
}

/* Requests the warm-up has sent by `nanos`: a quadratic ramp from a tenth of the rate up to the rate. */
static long warmup_sent_by(int64_t nanos) {
  double warmup = (double) (plan.measure_from - plan.start) / NANOS_PER_SECOND;
  double t = (double) (nanos - plan.start) / NANOS_PER_SECOND;
  double low = plan.rate * WARMUP_START_SHARE;
  return (long) (low * t + (plan.rate - low) * t * t / (2 * warmup));
}

/* Requests due by `nanos`: the warm-up's, then request `at_steady + k` at measure_from + k / rate. */
static long due_by(int64_t nanos, long at_steady, long total) {
  if (nanos < plan.measure_from) {
    long due = warmup_sent_by(nanos);
    return due < at_steady ? due : at_steady;
  }
  long due = at_steady + (long) ((double) (nanos - plan.measure_from) * plan.rate / NANOS_PER_SECOND) + 1;
  return due < total ? due : total;
}

/* When request `n` of the measured run should leave; -1 for a warm-up request (not recorded). */
static int64_t intended_time(long n, long at_steady) {
  if (n < at_steady) {
    return -1;
  }
  return plan.measure_from + (int64_t) ((double) (n - at_steady) * NANOS_PER_SECOND / plan.rate);
}

static void parse_url(const char *url) {
  const char *rest;
  if (strncmp(url, "http://", 7) != 0) {
    die(2, "URL must start with http://");
  }
  rest = url + 7;
  const char *slash = strchr(rest, '/');
  size_t authority_length = slash == NULL ? strlen(rest) : (size_t) (slash - rest);
  if (authority_length == 0 || authority_length >= sizeof plan.host_header) {
    die(2, "URL has no host, or a host too long");
  }
  char authority[300];
  memcpy(authority, rest, authority_length);
  authority[authority_length] = '\0';
  strcpy(plan.host_header, authority);
  char *colon = strrchr(authority, ':');
  int port = 80;
  if (colon != NULL) {
    *colon = '\0';
    port = atoi(colon + 1);
    if (port <= 0 || port > 65535) {
      die(2, "URL has a bad port");
    }
  }
  struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *found;
  if (getaddrinfo(authority, NULL, &hints, &found) != 0) {
    die(2, "URL's host cannot be resolved");
  }
  plan.address = *(struct sockaddr_in *) found->ai_addr;
  plan.address.sin_port = htons((uint16_t) port);
  freeaddrinfo(found);
  const char *path = slash == NULL ? "/" : slash;
  const char *placeholder = strstr(path, "{id}");
  size_t prefix_length = placeholder == NULL ? strlen(path) : (size_t) (placeholder - path);
  if (prefix_length >= sizeof plan.path_prefix) {
    die(2, "URL's path is too long");
  }
  memcpy(plan.path_prefix, path, prefix_length);
  if (placeholder != NULL) {
    plan.with_ids = 1;
    if (strlen(placeholder + 4) >= sizeof plan.path_suffix) {
      die(2, "URL's path is too long");
    }
    strcpy(plan.path_suffix, placeholder + 4);
  }
}

static void read_ids(const char *file) {
  FILE *in = fopen(file, "r");
  if (in == NULL) {
    die(2, "IDS_FILE cannot be read");
  }
  size_t capacity = 1024;
  plan.ids = allocate(capacity * sizeof *plan.ids);
  char line[512];
  while (fgets(line, sizeof line, in) != NULL) {
    line[strcspn(line, "\r\n \t")] = '\0';
    if (line[0] == '\0') {
      continue;
    }
    if (plan.id_count == capacity) {
      capacity *= 2;
      plan.ids = realloc(plan.ids, capacity * sizeof *plan.ids);
      if (plan.ids == NULL) {
        die(1, "out of memory");
      }
    }
    plan.ids[plan.id_count++] = strdup(line);
  }
  fclose(in);
  if (plan.id_count == 0) {
    die(2, "IDS_FILE has no ids");
  }
}

static void watch(connection *c, uint32_t events, int op) {
  struct epoll_event event = {.events = events, .data.ptr = c};
  if (epoll_ctl(epoll_fd, op, c->fd, &event) != 0) {
    die(1, "epoll_ctl failed");
  }
}

static int open_connection(connection *c) {
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  if (c->fd < 0 || connect(c->fd, (struct sockaddr *) &plan.address, sizeof plan.address) != 0) {
    if (c->fd >= 0) {
      close(c->fd);
    }
    c->fd = -1;
    return -1;
  }
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
  watch(c, EPOLLIN, EPOLL_CTL_ADD);
  return 0;
}

static void record(int64_t intended, int64_t end, int ok) {
  if (intended < 0 || intended >= plan.stop) {
    return;
  }
  if (!ok) {
    measured.errors++;
    return;
  }
  measured.ok++;
  int64_t micros64 = (end - intended) / 1000;
  uint32_t micros = micros64 < 0 ? 0 : (uint32_t) micros64;
  if (measured.latency_count == measured.latency_capacity) {
    measured.latency_capacity = measured.latency_capacity == 0 ? 1 << 20 : measured.latency_capacity * 2;
    measured.latencies = realloc(measured.latencies, measured.latency_capacity * sizeof *measured.latencies);
    if (measured.latencies == NULL) {
      die(1, "out of memory");
    }
  }
  measured.latencies[measured.latency_count++] = micros;
  long window = (long) ((intended - plan.measure_from) / WINDOW_NANOS);
  measured.window_requests[window]++;
  if (micros > measured.window_max[window]) {
    measured.window_max[window] = micros;
  }
  if (micros > SLOW_MICROS) {
    measured.window_slow[window]++;
  }
}

static void release(connection *c) {
  c->busy = 0;
  c->in_len = 0;
  idle[idle_count++] = (int) (c - connections);
}

/* Ends the request on `c` (answered or failed) and frees the connection; a failed one is closed and opened again. */
static void finish(connection *c, int ok, int broken) {
  record(c->intended, now_nanos(), ok);
  measured.outstanding--;
  if (broken) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    if (open_connection(c) != 0) {
      c->busy = 0;
      return; /* lost for good: the pool shrinks by one */
    }
  }
  release(c);
}

static void flush_request(connection *c) {
  while (c->out_sent < c->out_len) {
    ssize_t written = write(c->fd, c->out + c->out_sent, c->out_len - c->out_sent);
    if (written < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
        return;
      }
      finish(c, 0, 1);
      return;
    }
    c->out_sent += (size_t) written;
  }
}

static void send_request(connection *c, int64_t intended) {
  c->busy = 1;
  c->intended = intended;
  c->in_len = 0;
  const char *id = plan.with_ids ? plan.ids[(size_t) random() % plan.id_count] : "";
  int length = snprintf(c->out, sizeof c->out, "GET %s%s%s HTTP/1.1\r\nHost: %s\r\n\r\n", plan.path_prefix, id,
    plan.path_suffix, plan.host_header);
  c->out_len = length > 0 && (size_t) length < sizeof c->out ? (size_t) length : 0;
  c->out_sent = 0;
  measured.outstanding++;
  if (c->out_len == 0) {
    finish(c, 0, 0);
    return;
  }
  flush_request(c);
}

static void dispatch_waiting(void) {
  while (waiting_count > 0 && idle_count > 0) {
    int64_t intended = waiting[waiting_head];
    waiting_head = (waiting_head + 1) % waiting_capacity;
    waiting_count--;
    send_request(&connections[idle[--idle_count]], intended);
  }
}

static void enqueue(int64_t intended) {
  if (waiting_count == waiting_capacity) {
    size_t capacity = waiting_capacity == 0 ? 4096 : waiting_capacity * 2;
    int64_t *grown = allocate(capacity * sizeof *grown);
    for (size_t i = 0; i < waiting_count; i++) {
      grown[i] = waiting[(waiting_head + i) % waiting_capacity];
    }
    free(waiting);
    waiting = grown;
    waiting_head = 0;
    waiting_capacity = capacity;
  }
  waiting[(waiting_head + waiting_count) % waiting_capacity] = intended;
  waiting_count++;
}

/* The whole answer is in: returns its length, 0 when more is needed, -1 when it cannot be an HTTP/1.1 answer. */
static long complete_length(connection *c, int *status) {
  c->in[c->in_len < RESPONSE_BUFFER ? c->in_len : RESPONSE_BUFFER - 1] = '\0';
  char *header_end = strstr(c->in, "\r\n\r\n");
  if (header_end == NULL) {
    return c->in_len >= RESPONSE_BUFFER - 1 ? -1 : 0;
  }
  if (strncmp(c->in, "HTTP/1.", 7) != 0 || c->in_len < 12) {
    return -1;
  }
  *status = atoi(c->in + 9);
  size_t head = (size_t) (header_end - c->in) + 4;
  for (char *line = strstr(c->in, "\r\n") + 2; line < header_end; line = strstr(line, "\r\n") + 2) {
    if (strncasecmp(line, "content-length:", 15) == 0) {
      long body = strtol(line + 15, NULL, 10);
      if (body < 0 || head + (size_t) body >= RESPONSE_BUFFER) {
        return -1;
      }
      return c->in_len >= head + (size_t) body ? (long) (head + (size_t) body) : 0;
    }
    if (strncasecmp(line, "transfer-encoding:", 18) == 0 && strcasestr(line, "chunked") != NULL) {
      if (c->in_len >= head + 5 && memcmp(c->in + c->in_len - 5, "0\r\n\r\n", 5) == 0) {
        return (long) c->in_len;
      }
      return c->in_len >= RESPONSE_BUFFER - 1 ? -1 : 0;
    }
  }
  return (long) head; /* no body */
}

static void on_readable(connection *c) {
  for (;;) {
    ssize_t got = read(c->fd, c->in + c->in_len, RESPONSE_BUFFER - 1 - c->in_len);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    }
    if (got <= 0) {
      if (c->busy) {
        finish(c, 0, 1);
      } else {
        /* an idle connection the server closed: open it again so the pool keeps its size */
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        for (int i = 0; i < idle_count; i++) {
          if (idle[i] == (int) (c - connections)) {
            idle[i] = idle[--idle_count];
            break;
          }
        }
        if (open_connection(c) == 0) {
          release(c);
        }
      }
      return;
    }
    if (!c->busy) {
      c->in_len = 0; /* bytes nobody asked for: ignored */
      continue;
    }
    c->in_len += (size_t) got;
    int status = 0;
    long length = complete_length(c, &status);
    if (length < 0 || (length > 0 && (size_t) length != c->in_len)) {
      finish(c, 0, 1);
      return;
    }
    if (length > 0) {
      finish(c, status >= 200 && status < 400, 0);
      return;
    }
  }
}

static int by_value(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
  return x < y ? -1 : x > y;
}

/* The value at or below which `percent` of the sorted latencies lie (as HdrHistogram's getValueAtPercentile). */
static uint32_t percentile(double percent) {
  if (measured.latency_count == 0) {
    return 0;
  }
  size_t rank = (size_t) (percent / 100.0 * (double) measured.latency_count + 0.999999);
  if (rank < 1) {
    rank = 1;
  }
  if (rank > measured.latency_count) {
    rank = measured.latency_count;
  }
  return measured.latencies[rank - 1];
}

static void report(int finished) {
  qsort(measured.latencies, measured.latency_count, sizeof *measured.latencies, by_value);
  double seconds = (double) (plan.stop - plan.measure_from) / NANOS_PER_SECOND;
  printf("rate=%.0f achieved=%.0f sent=%ld ok=%ld errors=%ld unanswered=%ld p50_us=%u p90_us=%u p99_us=%u "
         "p999_us=%u max_us=%u%s\n",
    plan.rate, (double) (measured.ok + measured.errors) / seconds, measured.sent, measured.ok, measured.errors,
    measured.outstanding + (long) waiting_count, percentile(50), percentile(90), percentile(99), percentile(99.9),
    percentile(100), finished ? "" : " (timed out)");
  fprintf(stderr, "worst 100 ms windows (start_ms requests over_1ms max_us):\n");
  for (int shown = 0; shown < WORST_WINDOWS && shown < measured.windows; shown++) {
    long worst = -1;
    for (long w = 0; w < measured.windows; w++) {
      if (measured.window_max[w] != UINT32_MAX && (worst < 0 || measured.window_max[w] > measured.window_max[worst])) {
        worst = w;
      }
    }
    fprintf(stderr, "%ld %ld %ld %u\n", (long) (worst * (WINDOW_NANOS / 1000000)), measured.window_requests[worst],
      measured.window_slow[worst], measured.window_max[worst]);
    measured.window_max[worst] = UINT32_MAX; /* shown */
  }
  long slow = 0, windows_with_slow = 0;
  for (long w = 0; w < measured.windows; w++) {
    slow += measured.window_slow[w];
    windows_with_slow += measured.window_slow[w] > 0;
  }
  fprintf(stderr, "requests over 1 ms: %ld, in %ld of %ld windows\n", slow, windows_with_slow, measured.windows);
}

static long whole_number(const char *text, const char *name) {
  char *end;
  long value = strtol(text, &end, 10);
  if (*end != '\0' || value < 1) {
    fprintf(stderr, "open-load: %s must be a whole number >= 1, got '%s'\n", name, text);
    exit(2);
  }
  return value;
}

int main(int argc, char **argv) {
  if (argc < 4 || argc > 7) {
    fprintf(stderr, "usage: open-load URL RATE DURATION_S [WARMUP_S] [CONNECTIONS] [IDS_FILE]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  parse_url(argv[1]);
  plan.rate = (double) whole_number(argv[2], "RATE");
  long duration = whole_number(argv[3], "DURATION_S");
  long warmup = argc > 4 ? whole_number(argv[4], "WARMUP_S") : 10;
  plan.connection_count = argc > 5 ? (int) whole_number(argv[5], "CONNECTIONS") : 256;
  if (argc > 6) {
    if (!plan.with_ids) {
      die(2, "IDS_FILE given but the URL has no {id}");
    }
    read_ids(argv[6]);
  } else if (plan.with_ids) {
    die(2, "the URL has {id} but no IDS_FILE is given");
  }
  srandom((unsigned) now_nanos());

  epoll_fd = epoll_create1(0);
  connections = allocate((size_t) plan.connection_count * sizeof *connections);
  idle = allocate((size_t) plan.connection_count * sizeof *idle);
  for (int i = 0; i < plan.connection_count; i++) {
    if (open_connection(&connections[i]) != 0) {
      fprintf(stderr, "open-load: cannot connect to %s: %s\n", plan.host_header, strerror(errno));
      return 1;
    }
    release(&connections[i]);
  }
  measured.windows = (duration * NANOS_PER_SECOND + WINDOW_NANOS - 1) / WINDOW_NANOS;
  measured.window_requests = allocate((size_t) measured.windows * sizeof(long));
  measured.window_slow = allocate((size_t) measured.windows * sizeof(long));
  measured.window_max = allocate((size_t) measured.windows * sizeof(uint32_t));

  plan.start = now_nanos();
  plan.measure_from = plan.start + warmup * NANOS_PER_SECOND;
  plan.stop = plan.measure_from + duration * NANOS_PER_SECOND;
  long at_steady = warmup_sent_by(plan.measure_from);
  long total = at_steady + (long) (plan.rate * (double) duration);
  struct epoll_event events[MAX_EVENTS];
  int64_t drain_until = -1;
  for (;;) {
    int64_t now = now_nanos();
    for (long due = due_by(now, at_steady, total); measured.sent < due; measured.sent++) {
      enqueue(intended_time(measured.sent, at_steady));
    }
    if (measured.sent == total && drain_until < 0) {
      drain_until = now + DRAIN_NANOS;
    }
    dispatch_waiting();
    if (drain_until >= 0 && ((measured.outstanding == 0 && waiting_count == 0) || now >= drain_until)) {
      report(measured.outstanding == 0 && waiting_count == 0);
      return 0;
    }
    /* sleep until the next request is due (or the drain ends), unless an answer wakes us first */
    int64_t wake = drain_until >= 0 ? drain_until
      : measured.sent >= at_steady ? intended_time(measured.sent, at_steady)
      : now + (int64_t) (NANOS_PER_SECOND / (plan.rate * WARMUP_START_SHARE * 4));
    int64_t wait = wake - now_nanos();
    struct timespec timeout = {.tv_sec = wait > 0 ? wait / NANOS_PER_SECOND : 0,
                               .tv_nsec = wait > 0 ? wait % NANOS_PER_SECOND : 0};
    int ready = epoll_pwait2(epoll_fd, events, MAX_EVENTS, &timeout, NULL);
    for (int i = 0; i < ready; i++) {
      connection *c = events[i].data.ptr;
      if (events[i].events & EPOLLOUT) {
        watch(c, EPOLLIN, EPOLL_CTL_MOD);
        flush_request(c);
      }
      if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        on_readable(c);
      }
    }
  }
}
