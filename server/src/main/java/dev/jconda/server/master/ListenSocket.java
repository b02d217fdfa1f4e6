package dev.jconda.server.master;

import dev.jconda.server.config.BindAddress;
import dev.jconda.server.posix.Libc;
import dev.jconda.server.posix.PosixException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one listening socket, bound by the master and never closed while workers run: its accept queue outlives
 * every worker, so a worker that stops accepting loses nothing (connections wait for the next one).
 * Made with socket(2) rather than a ServerSocketChannel because the master needs the raw fd to hand to workers.
 */
final class ListenSocket implements AutoCloseable {
    private final int fd;
    private final String host;
    private final int port;

    private ListenSocket(int fd, String host, int port) {
        this.fd = fd;
        this.host = host;
        this.port = port;
    }

    static ListenSocket bind(BindAddress address, int backlog) throws IOException {
        InetAddress ip = InetAddress.getByName(address.host());
        boolean v6 = ip instanceof Inet6Address;
        int fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        try {
            fd = Libc.moveAbove(fd, 10);
            Libc.setIntSocketOption(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            Libc.bind(fd, sockaddr(ip, address.port()));
            Libc.listen(fd, backlog);
            byte[] bound = Libc.getsockname(fd);
            int port = ((bound[2] & 0xff) << 8) | (bound[3] & 0xff);
            return new ListenSocket(fd, ip.getHostAddress(), port);
        } catch (PosixException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static byte[] sockaddr(InetAddress ip, int port) {
        if (ip instanceof Inet4Address) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            b.putShort((short) Libc.AF_INET);
            b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
            b.put(ip.getAddress());
            return b.array();
        }
        Inet6Address v6 = (Inet6Address) ip;
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) Libc.AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
        b.putInt(0);
        b.put(v6.getAddress());
        b.order(ByteOrder.nativeOrder()).putInt(v6.getScopeId());
        return b.array();
    }

    int fd() {
        return fd;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Stops the kernel from taking new connections while keeping those already queued, and those whose handshake is
     * under way: the first step of a graceful stop, so that nothing is queued after the workers stop accepting (a
     * queued connection is reset when the last copy of the socket closes). Only new SYNs are dropped: a client that
     * got the SYN-ACK already sees its connection as established, and its ACK must still be let in.
     */
    void refuseNewConnections() throws PosixException {
        Libc.dropConnectionRequests(fd);
    }

    /** Whether connections wait in the accept queue. */
    boolean hasQueuedConnections() throws PosixException {
        return Libc.readable(fd);
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
