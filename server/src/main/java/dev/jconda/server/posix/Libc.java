package dev.jconda.server.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The few Linux/glibc calls the server needs and the JDK does not offer: a listening socket whose fd we own,
 * pipes, {@code posix_spawn} with fd remapping, {@code waitpid}, {@code kill}, a shared-memory fd.
 *
 * <p>Every method that can fail throws {@link PosixException} with errno; nothing here keeps state.
 */
@SuppressWarnings("restricted")
public final class Libc {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int MFD_CLOEXEC = 1;
    public static final int EINTR = 4;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EPIPE = 32;

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** glibc x86_64/aarch64 sizes are 80, 336 and 128 bytes; allocate with room to spare. */
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long SPAWNATTR_SIZE = 512;
    private static final long SIGSET_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = errnoCall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND = errnoCall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL = errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LISTEN = errnoCall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = errnoCall("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle PIPE2 = errnoCall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FCNTL_INT = LINKER.downcallHandle(symbol("fcntl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle DUP = errnoCall("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WAITPID = errnoCall("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = errnoCall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = errnoCall("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE = errnoCall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static final MethodHandle SPAWN = plainCall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FA_INIT = plainCall("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = plainCall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = plainCall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** glibc 2.34+; without it the child relies on every other fd of ours being close-on-exec. */
    private static final Optional<MethodHandle> FA_CLOSEFROM = LOOKUP.find("posix_spawn_file_actions_addclosefrom_np")
            .map(s -> LINKER.downcallHandle(s, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)));
    private static final MethodHandle ATTR_INIT = plainCall("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = plainCall("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = plainCall("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = plainCall("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = plainCall("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = plainCall("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGADDSET = plainCall("sigaddset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private Libc() {}

    private static MemorySegment symbol(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, CAPTURE_ERRNO);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static PosixException failure(String call, MemorySegment state) {
        int errno = (int) ERRNO.get(state, 0L);
        return new PosixException(call, errno, strerror(errno));
    }

    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    // ---- sockets -----------------------------------------------------------------------------------------------

    public static int socket(int domain, int type, int protocol) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
            if (fd < 0) {
                throw failure("socket", state);
            }
            return fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void setIntSocketOption(int fd, int level, int option, int value) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, v, 4);
            if (rc < 0) {
                throw failure("setsockopt", state);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Binds to a sockaddr given as raw bytes (sockaddr_in or sockaddr_in6 as the kernel expects them). */
    public static void bind(int fd, byte[] sockaddr) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment addr = arena.allocate(sockaddr.length, 8);
            addr.copyFrom(MemorySegment.ofArray(sockaddr));
            int rc = (int) BIND.invokeExact(state, fd, addr, sockaddr.length);
            if (rc < 0) {
                throw failure("bind", state);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static void listen(int fd, int backlog) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) LISTEN.invokeExact(state, fd, backlog);
            if (rc < 0) {
                throw failure("listen", state);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final int SO_ATTACH_FILTER = 26;
    private static final short POLLIN = 0x1;

    /**
     * Attaches a classic BPF socket filter to a listening TCP socket that drops every SYN without ACK, so that new
     * connection requests are no longer answered (clients retry, then see a refusal once the socket closes), while
     * every other packet passes: a handshake whose SYN-ACK already went out still completes with the client's ACK
     * or first data, and joins the accept queue. Connections in the queue are left alone, unlike shutdown(2), which
     * resets them.
     */
    public static void dropConnectionRequests(int fd) throws PosixException {
        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }. A TCP socket's filter sees the packet from its TCP
        // header on, whose byte 13 holds the flags (ACK 0x10, SYN 0x02).
        int[][] filter = {
            {0x30, 0, 0, 13}, // ldb [13]
            {0x54, 0, 0, 0x12}, // and #(SYN|ACK)
            {0x15, 0, 1, 0x02}, // jeq #SYN, drop, keep
            {0x06, 0, 0, 0}, // drop: ret #0
            {0x06, 0, 0, -1}, // keep: ret #all of it
        };
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment program = arena.allocate(8L * filter.length, 8);
            for (int i = 0; i < filter.length; i++) {
                program.set(JAVA_SHORT, 8L * i, (short) filter[i][0]);
                program.set(JAVA_BYTE, 8L * i + 2, (byte) filter[i][1]);
                program.set(JAVA_BYTE, 8L * i + 3, (byte) filter[i][2]);
                program.set(JAVA_INT, 8L * i + 4, filter[i][3]);
            }
            // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            MemorySegment fprog = arena.allocate(16, 8);
            fprog.set(JAVA_SHORT, 0, (short) filter.length);
            fprog.set(ADDRESS, 8, program);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16);
            if (rc < 0) {
                throw failure("setsockopt(SO_ATTACH_FILTER)", state);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Whether {@code fd} is readable right now (for a listening socket: its accept queue is not empty). */
    public static boolean readable(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            // struct pollfd { int fd; short events; short revents; }
            MemorySegment pfd = arena.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, POLLIN);
            int rc = (int) POLL.invokeExact(state, pfd, 1L, 0);
            if (rc < 0) {
                throw failure("poll", state);
            }
            return (pfd.get(JAVA_SHORT, 6) & POLLIN) != 0;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The raw sockaddr the socket is bound to (used to learn the port picked for port 0). */
    public static byte[] getsockname(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment addr = arena.allocate(128, 8);
            MemorySegment len = arena.allocateFrom(JAVA_INT, 128);
            int rc = (int) GETSOCKNAME.invokeExact(state, fd, addr, len);
            if (rc < 0) {
                throw failure("getsockname", state);
            }
            return addr.asSlice(0, len.get(JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- fds ---------------------------------------------------------------------------------------------------

    /** A close-on-exec pipe: {@code [readEnd, writeEnd]}. */
    public static int[] pipe() throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc = (int) PIPE2.invokeExact(state, fds, O_CLOEXEC);
            if (rc < 0) {
                throw failure("pipe2", state);
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Moves {@code fd} to a close-on-exec descriptor numbered at least {@code min} and closes the original, so that
     * the child's dup2 targets (0..5) can never collide with a source.
     */
    public static int moveAbove(int fd, int min) throws PosixException {
        if (fd >= min) {
            return fd;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int moved = (int) FCNTL_INT.invokeExact(state, fd, F_DUPFD_CLOEXEC, min);
            if (moved < 0) {
                throw failure("fcntl(F_DUPFD_CLOEXEC)", state);
            }
            close(fd);
            return moved;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int dup(int fd) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int copy = (int) DUP.invokeExact(state, fd);
            if (copy < 0) {
                throw failure("dup", state);
            }
            return copy;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Closes quietly: a close error cannot be acted on, and the fd is gone either way on Linux. */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int ignored = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Reads into {@code buf}, retrying on EINTR; returns 0 at end of file. */
    public static int read(int fd, MemorySegment buf) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            while (true) {
                long n = (long) READ.invokeExact(state, fd, buf, buf.byteSize());
                if (n >= 0) {
                    return (int) n;
                }
                if ((int) ERRNO.get(state, 0L) != EINTR) {
                    throw failure("read", state);
                }
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Writes all of {@code bytes[off, off+len)}, retrying on EINTR and short writes. */
    public static void writeFully(int fd, byte[] bytes, int off, int len) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buf = arena.allocate(Math.max(1, len));
            MemorySegment.copy(bytes, off, buf, ValueLayout.JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n = (long) WRITE.invokeExact(state, fd, buf.asSlice(done), (long) len - done);
                if (n < 0) {
                    if ((int) ERRNO.get(state, 0L) == EINTR) {
                        continue;
                    }
                    throw failure("write", state);
                }
                done += n;
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** An anonymous shared-memory file of {@code size} bytes (close-on-exec). */
    public static int memfd(String name, long size) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), MFD_CLOEXEC);
            if (fd < 0) {
                throw failure("memfd_create", state);
            }
            int rc = (int) FTRUNCATE.invokeExact(state, fd, size);
            if (rc < 0) {
                PosixException e = failure("ftruncate", state);
                close(fd);
                throw e;
            }
            return fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- processes ---------------------------------------------------------------------------------------------

    /**
     * Starts {@code argv[0]} (an absolute path) with {@code env}; {@code fdMap[i]} becomes fd {@code i} in the child
     * ({@code -1} leaves fd i as inherited), every fd above the map is closed, signal mask and the handlers for the
     * signals the server uses are reset to default.
     */
    public static int spawn(String[] argv, String[] env, int[] fdMap) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(SPAWNATTR_SIZE, 16);
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                for (int target = 0; target < fdMap.length; target++) {
                    if (fdMap[target] >= 0) {
                        check("posix_spawn_file_actions_adddup2",
                                (int) FA_DUP2.invokeExact(actions, fdMap[target], target));
                    }
                }
                if (FA_CLOSEFROM.isPresent()) {
                    check("posix_spawn_file_actions_addclosefrom_np",
                            (int) FA_CLOSEFROM.get().invokeExact(actions, fdMap.length));
                }
                MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
                MemorySegment defaults = arena.allocate(SIGSET_SIZE, 8);
                int ignored = (int) SIGEMPTYSET.invokeExact(empty);
                ignored = (int) SIGEMPTYSET.invokeExact(defaults);
                for (int sig : new int[] {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGTTIN, SIGTTOU, SIGPIPE, SIGCHLD}) {
                    ignored = (int) SIGADDSET.invokeExact(defaults, sig);
                }
                check("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, empty));
                check("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, defaults));
                check("posix_spawnattr_setflags",
                        (int) ATTR_SETFLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));

                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = (int) SPAWN.invokeExact(pid, arena.allocateFrom(argv[0]), actions, attr,
                        cStrings(arena, argv), cStrings(arena, env));
                check("posix_spawn", rc);
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static void check(String call, int rc) throws PosixException {
        if (rc != 0) {
            throw new PosixException(call, rc, strerror(rc));
        }
    }

    private static MemorySegment cStrings(Arena arena, String[] strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.length + 1L);
        for (int i = 0; i < strings.length; i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings[i]));
        }
        array.setAtIndex(ADDRESS, strings.length, MemorySegment.NULL);
        return array;
    }

    /** Blocks until child {@code pid} ends; returns the raw wait status (see {@link ExitStatus}). */
    public static int waitpid(int pid) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, pid, status, 0);
                if (rc == pid) {
                    return status.get(JAVA_INT, 0);
                }
                if (rc < 0 && (int) ERRNO.get(state, 0L) == EINTR) {
                    continue;
                }
                throw failure("waitpid", state);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Sends a signal; returns false when the process is already gone (ESRCH). */
    public static boolean kill(long pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) KILL.invokeExact(state, (int) pid, signal);
            return rc == 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
