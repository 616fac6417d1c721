/*
 * An emulated spidev + GPIO character device for spifb's tests, loaded into
 * the daemon with LD_PRELOAD. It answers open/ioctl/close on
 * /dev/spidevB.C and /dev/gpiochip0 with the kernel's own struct layouts
 * (the uAPI headers are included, not copied) and writes what reaches the
 * "wire" as a DBI trace (ARCHITECTURE.md, "DBI trace format"), taking D/C
 * from the emulated DC line, or from the 9th bit in 3-wire mode.
 *
 * Environment:
 *   SPIFB_SHIM_SPIDEV   the node to emulate, e.g. /dev/spidev0.0
 *   SPIFB_SHIM_TRACE    DBI trace output file
 *   SPIFB_SHIM_LOG      one line per SPI message and pin change (for assertions)
 *   SPIFB_SHIM_BUFSIZ   spidev's bufsiz (default 4096)
 *   SPIFB_SHIM_ALIGN    ARCH_DMA_MINALIGN to round transfers to (default 128)
 *   SPIFB_SHIM_DC, SPIFB_SHIM_RESET   line offsets on gpiochip0 (default 24, 25)
 *   SPIFB_SHIM_NO_9BIT  refuse bits_per_word 9, as most controllers do
 *
 * Behaviour follows drivers/spi/spidev.c (spidev_ioctl, spidev_message) and
 * drivers/gpio/gpiolib-cdev.c (linereq_create, linereq_set_values).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <linux/spi/spidev.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

_Static_assert(sizeof(struct spi_ioc_transfer) == 32, "spi_ioc_transfer is 32 bytes");
_Static_assert(sizeof(struct gpio_v2_line_request) == 592, "gpio_v2_line_request is 592 bytes");
_Static_assert(sizeof(struct gpio_v2_line_values) == 16, "gpio_v2_line_values is 16 bytes");

#define MAX_FDS 1024
enum kind { K_NONE, K_SPI, K_CHIP, K_LINE };
struct fdinfo { enum kind kind; unsigned offset; int active_low; };
static struct fdinfo fds[MAX_FDS];
static int phys[64];     /* physical level of each line on gpiochip0 */
static int requested[64];
static unsigned spi_mode, spi_bpw = 8, spi_speed = 500000;
static FILE *trace, *logf;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);
static int (*real_ioctl)(int, unsigned long, ...);

static void init_real(void) {
	if (real_open) return;
	real_open = dlsym(RTLD_NEXT, "open");
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_close = dlsym(RTLD_NEXT, "close");
	real_ioctl = dlsym(RTLD_NEXT, "ioctl");
}

static unsigned env_uint(const char *name, unsigned dflt) {
	const char *v = getenv(name);
	return v && *v ? (unsigned)strtoul(v, NULL, 0) : dflt;
}

static void trace_record(int kind, const uint8_t *bytes, uint32_t len) {
	if (!trace) return;
	uint8_t hdr[5] = { (uint8_t)kind, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, len >> 24 };
	fwrite(hdr, 1, 5, trace);
	if (len) fwrite(bytes, 1, len, trace);
}

static void open_outputs(void) {
	if (!trace) {
		const char *p = getenv("SPIFB_SHIM_TRACE");
		if (p && (trace = fopen(p, "wb"))) fwrite("SPIFBDBI", 1, 8, trace);
	}
	if (!logf) {
		const char *p = getenv("SPIFB_SHIM_LOG");
		if (p) logf = fopen(p, "w");
	}
}

/* Which emulated device a path names. */
static enum kind classify(const char *path) {
	const char *spi = getenv("SPIFB_SHIM_SPIDEV");
	if (!path) return K_NONE;
	if (spi && strcmp(path, spi) == 0) return K_SPI;
	if (strcmp(path, "/dev/gpiochip0") == 0) return K_CHIP;
	return K_NONE;
}

/*
 * A real descriptor stands for each emulated one, so close, dup, poll and
 * flock stay valid. Each is an inode of its own (a memfd): a shared one such
 * as /dev/null would make flock(2) of one emulated node collide with every
 * other emulated node in every other process, which no real spidev does.
 */
static int fake_fd(enum kind k, unsigned offset, int active_low) {
	int fd = memfd_create("spifb-shim-node", MFD_CLOEXEC);
	if (fd < 0 || fd >= MAX_FDS) { if (fd >= 0) real_close(fd); errno = EMFILE; return -1; }
	fds[fd] = (struct fdinfo){ k, offset, active_low };
	if (k != K_LINE) open_outputs();
	return fd;
}

static int emulated_open(const char *path, int *handled) {
	enum kind k;
	init_real();
	k = classify(path);
	*handled = k != K_NONE;
	if (!*handled) return -1;
	pthread_mutex_lock(&lock);
	int fd = fake_fd(k, 0, 0);
	pthread_mutex_unlock(&lock);
	return fd;
}

#define OPEN_BODY(call) \
	int handled, fd = emulated_open(path, &handled); \
	if (handled) return fd; \
	va_list ap; va_start(ap, flags); mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0; va_end(ap); \
	return call;

int open(const char *path, int flags, ...) { OPEN_BODY(real_open(path, flags, mode)) }
int open64(const char *path, int flags, ...) { OPEN_BODY(real_open(path, flags, mode)) }
int openat(int dirfd, const char *path, int flags, ...) { OPEN_BODY(real_openat(dirfd, path, flags, mode)) }
int openat64(int dirfd, const char *path, int flags, ...) { OPEN_BODY(real_openat(dirfd, path, flags, mode)) }
int __open_2(const char *path, int flags) { int handled, fd = emulated_open(path, &handled); return handled ? fd : real_open(path, flags); }
int __open64_2(const char *path, int flags) { int handled, fd = emulated_open(path, &handled); return handled ? fd : real_open(path, flags); }

int close(int fd) {
	init_real();
	if (fd >= 0 && fd < MAX_FDS && fds[fd].kind != K_NONE) {
		pthread_mutex_lock(&lock);
		if (fds[fd].kind == K_LINE) requested[fds[fd].offset] = 0;
		if (fds[fd].kind == K_SPI && trace) fflush(trace);
		fds[fd].kind = K_NONE;
		pthread_mutex_unlock(&lock);
	}
	return real_close(fd);
}

/* Decode 3-wire words: bit 8 is D/C. Consecutive words of one kind become one record. */
static uint8_t run[1 << 16];
static uint32_t run_len;
static int run_dc = -1;
static void flush_run(void) {
	if (run_len) trace_record(run_dc ? 1 : 0, run, run_len);
	run_len = 0;
}
static void nine_bit_word(unsigned w) {
	int dc = (w >> 8) & 1;
	if (dc != run_dc || run_len == sizeof run || !dc) flush_run();
	run_dc = dc;
	run[run_len++] = w & 0xff;
	if (!dc) flush_run();
}

static int spi_message(unsigned long req, struct spi_ioc_transfer *xfers) {
	unsigned size = _IOC_SIZE(req), n, i, bufsiz = env_uint("SPIFB_SHIM_BUFSIZ", 4096), align = env_uint("SPIFB_SHIM_ALIGN", 128);
	unsigned dc_line = env_uint("SPIFB_SHIM_DC", 24);
	unsigned long tx_total = 0, total = 0;
	/* spidev_get_ioc_message(): the size must be a whole number of transfers. */
	if (size % sizeof(struct spi_ioc_transfer)) { errno = EINVAL; return -1; }
	n = size / sizeof(struct spi_ioc_transfer);
	for (i = 0; i < n; i++) {
		/* spidev_message(): each transfer rounded up to ARCH_DMA_MINALIGN must fit the bounce buffer. */
		tx_total += (xfers[i].len + align - 1) / align * align;
		total += xfers[i].len;
		if (tx_total > bufsiz) {
			if (logf) { fprintf(logf, "EMSGSIZE n=%u tx_total=%lu bufsiz=%u\n", n, tx_total, bufsiz); fflush(logf); }
			errno = EMSGSIZE;
			return -1;
		}
	}
	int have_dc = requested[dc_line];
	for (i = 0; i < n; i++) {
		const uint8_t *tx = (const uint8_t *)(uintptr_t)xfers[i].tx_buf;
		unsigned bpw = xfers[i].bits_per_word ? xfers[i].bits_per_word : spi_bpw;
		unsigned speed = xfers[i].speed_hz ? xfers[i].speed_hz : spi_speed;
		if (logf) fprintf(logf, "xfer msg_n=%u len=%u speed=%u bpw=%u dc=%d\n", n, xfers[i].len, speed, bpw, have_dc ? phys[dc_line] : -1);
		if (bpw == 9) {
			for (unsigned j = 0; j + 1 < xfers[i].len; j += 2) nine_bit_word(tx[j] | (tx[j + 1] << 8));
		} else if (have_dc) {
			trace_record(phys[dc_line] ? 1 : 0, tx, xfers[i].len);
		} else {
			/* 8 nine-bit words packed MSB first into 9 bytes (drm_mipi_dbi.c, mipi_dbi_spi1e_transfer). */
			unsigned acc = 0, bits = 0;
			for (unsigned j = 0; j < xfers[i].len; j++) {
				acc = (acc << 8) | tx[j]; bits += 8;
				if (bits >= 9) { bits -= 9; nine_bit_word((acc >> bits) & 0x1ff); acc &= (1u << bits) - 1; }
			}
		}
	}
	flush_run();
	if (logf) { fprintf(logf, "msg n=%u tx_total=%lu\n", n, tx_total); fflush(logf); }
	if (trace) fflush(trace);
	return (int)total;
}

static void set_line(unsigned offset, int level) {
	unsigned reset_line = env_uint("SPIFB_SHIM_RESET", 25);
	if (offset == reset_line && phys[offset] == 0 && level == 1 && requested[offset]) {
		trace_record(2, NULL, 0); /* the end of a RESX low pulse */
		if (trace) fflush(trace);
	}
	if (logf && phys[offset] != level) { fprintf(logf, "line %u=%d\n", offset, level); fflush(logf); }
	phys[offset] = level;
}

static int gpio_ioctl(struct fdinfo *f, unsigned long req, void *arg) {
	if (f->kind == K_CHIP && req == GPIO_GET_CHIPINFO_IOCTL) {
		struct gpiochip_info *info = arg;
		memset(info, 0, sizeof *info);
		strcpy(info->name, "gpiochip0");
		strcpy(info->label, "spifb-shim");
		info->lines = 32;
		return 0;
	}
	if (f->kind == K_CHIP && req == GPIO_V2_GET_LINEINFO_IOCTL) {
		struct gpio_v2_line_info *li = arg;
		unsigned off = li->offset;
		if (off >= 32) { errno = EINVAL; return -1; }
		memset(li, 0, sizeof *li);
		li->offset = off;
		snprintf(li->name, sizeof li->name, "LINE%u", off);
		return 0;
	}
	if (f->kind == K_CHIP && req == GPIO_V2_GET_LINE_IOCTL) {
		struct gpio_v2_line_request *lr = arg;
		if (lr->num_lines != 1 || lr->offsets[0] >= 32) { errno = EINVAL; return -1; }
		unsigned off = lr->offsets[0];
		if (requested[off]) { errno = EBUSY; return -1; }
		int active_low = !!(lr->config.flags & GPIO_V2_LINE_FLAG_ACTIVE_LOW);
		int logical = 0;
		for (unsigned a = 0; a < lr->config.num_attrs && a < GPIO_V2_LINE_NUM_ATTRS_MAX; a++) {
			if (lr->config.attrs[a].attr.id == GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES && (lr->config.attrs[a].mask & 1))
				logical = lr->config.attrs[a].attr.values & 1;
		}
		int fd = fake_fd(K_LINE, off, active_low);
		if (fd < 0) return -1;
		requested[off] = 1;
		if (lr->config.flags & GPIO_V2_LINE_FLAG_OUTPUT) set_line(off, logical ^ active_low);
		lr->fd = fd;
		return 0;
	}
	if (f->kind == K_LINE && req == GPIO_V2_LINE_SET_VALUES_IOCTL) {
		struct gpio_v2_line_values *v = arg;
		if (v->mask & 1) set_line(f->offset, (int)(v->bits & 1) ^ f->active_low);
		return 0;
	}
	errno = ENOTTY;
	return -1;
}

static int spi_ioctl(unsigned long req, void *arg) {
	switch (req) {
	case SPI_IOC_RD_MODE: *(uint8_t *)arg = spi_mode; return 0;
	case SPI_IOC_WR_MODE: spi_mode = *(uint8_t *)arg; return 0;
	case SPI_IOC_RD_MODE32: *(uint32_t *)arg = spi_mode; return 0;
	case SPI_IOC_WR_MODE32: spi_mode = *(uint32_t *)arg; return 0;
	case SPI_IOC_RD_LSB_FIRST: *(uint8_t *)arg = 0; return 0;
	case SPI_IOC_WR_LSB_FIRST: return 0;
	case SPI_IOC_RD_BITS_PER_WORD: *(uint8_t *)arg = spi_bpw; return 0;
	case SPI_IOC_WR_BITS_PER_WORD: {
		unsigned bpw = *(uint8_t *)arg;
		/* spi_setup() checks the controller's bits_per_word_mask. */
		if (bpw == 9 && getenv("SPIFB_SHIM_NO_9BIT")) { errno = EINVAL; return -1; }
		spi_bpw = bpw ? bpw : 8;
		return 0;
	}
	case SPI_IOC_RD_MAX_SPEED_HZ: *(uint32_t *)arg = spi_speed; return 0;
	case SPI_IOC_WR_MAX_SPEED_HZ: spi_speed = *(uint32_t *)arg; return 0;
	}
	/* SPI_IOC_MESSAGE(N): _IOW('k', 0, char[N * 32]); N is in the size field. */
	if (_IOC_TYPE(req) == SPI_IOC_MAGIC && _IOC_NR(req) == 0 && _IOC_DIR(req) == _IOC_WRITE)
		return spi_message(req, arg);
	errno = ENOTTY;
	return -1;
}

int ioctl(int fd, unsigned long req, ...) {
	va_list ap;
	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	init_real();
	if (fd < 0 || fd >= MAX_FDS || fds[fd].kind == K_NONE) return real_ioctl(fd, req, arg);
	pthread_mutex_lock(&lock);
	int ret = fds[fd].kind == K_SPI ? spi_ioctl(req, arg) : gpio_ioctl(&fds[fd], req, arg);
	pthread_mutex_unlock(&lock);
	return ret;
}
