/*
 * Preloaded into the target's Node in the ARM lanes (scripts/arm-lane.sh),
 * for one thing qemu user mode gets wrong: it forwards only the ioctls in its
 * own table (qemu linux-user/ioctls.h) and answers every other one with
 * ENOSYS, whatever the descriptor. The kernel answers an ioctl on a regular
 * file (a memfd, a tmpfs file) that its filesystem does not implement with
 * ENOTTY (fs/ioctl.c: vfs_ioctl returns -ENOIOCTLCMD when f_op has no
 * unlocked_ioctl, which ksys_ioctl turns into -ENOTTY). The daemon relies on
 * that: "not a dma-buf", "a u-dma-buf driver without the sync ioctls".
 * So: regular files get the kernel's answer here; everything else goes to
 * qemu untouched, as do the generic file ioctls that fs/ioctl.c answers for
 * every file before vfs_ioctl (FIONBIO, FIOCLEX, FIONREAD… type 'T'; FS_IOC_*
 * type 'f'), which libuv may use and qemu does forward.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>

int ioctl(int fd, unsigned long request, ...)
{
    static int (*real_ioctl)(int, unsigned long, void *);
    va_list ap;
    void *arg;
    struct stat st;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (!real_ioctl)
        real_ioctl = (int (*)(int, unsigned long, void *))dlsym(RTLD_NEXT, "ioctl");
    unsigned type = (request >> 8) & 0xff; /* _IOC_TYPE, asm-generic/ioctl.h */
    if (type != 'T' && type != 'f' && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        errno = ENOTTY;
        return -1;
    }
    return real_ioctl(fd, request, arg);
}
