package io.sluice.server.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport under the socket server. Both send file regions without copying them into the heap:
 * epoll with native {@code sendfile}, NIO with {@code FileChannel.transferTo}.
 */
public enum Transport {
    /** Native Linux epoll: edge-triggered, native sendfile; needs the netty-transport-native-epoll library. */
    EPOLL {
        @Override
        EventLoopGroup newEventLoopGroup(int threads, ThreadFactory threadFactory) {
            return new EpollEventLoopGroup(threads, threadFactory);
        }

        @Override
        Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }
    },
    /** Java NIO selectors: works everywhere. */
    NIO {
        @Override
        EventLoopGroup newEventLoopGroup(int threads, ThreadFactory threadFactory) {
            return new NioEventLoopGroup(threads, threadFactory);
        }

        @Override
        Class<? extends ServerChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }
    };

    /** Epoll when its native library loads here, else NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll cannot be used here, or null when it can. */
    public static Throwable epollUnavailabilityCause() {
        return Epoll.unavailabilityCause();
    }

    abstract EventLoopGroup newEventLoopGroup(int threads, ThreadFactory threadFactory);

    abstract Class<? extends ServerChannel> serverChannelClass();
}
