package dev.kiln.serve;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running server on Netty: event loops (io_uring, epoll or NIO: {@link KilnServer.Io}), a
 * bounded worker pool for handlers that may block, the open connections, and the count of requests
 * in flight that a graceful close waits for.
 */
final class Transport {
  private static final String BEARER = "Bearer ";

  private final Routes routes;
  private final byte[] token;
  private final ThreadPoolExecutor workers;
  private final KilnServer.Io io;
  private final MultiThreadIoEventLoopGroup acceptor;
  private final MultiThreadIoEventLoopGroup loops;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Channel listener;
  private volatile boolean closing;

  Transport(KilnServer.Builder config) throws InterruptedException {
    this.io = choose(config.io); // first: an unavailable transport fails before any thread starts
    this.routes = config.routes;
    this.token =
        config.authToken == null ? null : config.authToken.getBytes(StandardCharsets.UTF_8);
    this.workers =
        new ThreadPoolExecutor(
            config.workerThreads,
            config.workerThreads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.workerQueue),
            daemon("kiln-worker"));
    IoHandlerFactory factory =
        switch (io) {
          case IO_URING -> IoUringIoHandler.newFactory();
          case EPOLL -> EpollIoHandler.newFactory();
          default -> NioIoHandler.newFactory();
        };
    Class<? extends ServerChannel> channel =
        switch (io) {
          case IO_URING -> IoUringServerSocketChannel.class;
          case EPOLL -> EpollServerSocketChannel.class;
          default -> NioServerSocketChannel.class;
        };
    this.acceptor = new MultiThreadIoEventLoopGroup(1, daemon("kiln-accept"), factory);
    this.loops = new MultiThreadIoEventLoopGroup(config.ioThreads, daemon("kiln-io"), factory);
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(config.maxRequestLineBytes)
            .setMaxHeaderSize(config.maxHeaderBytes)
            .setMaxChunkSize(64 * 1024);
    int maxBody = config.maxBodyBytes;
    long idleMillis = config.idleTimeout.toMillis();
    long requestMillis = config.requestTimeout.toMillis();
    Transport self = this;
    try {
      this.listener =
          new ServerBootstrap()
              .group(acceptor, loops)
              .channel(channel)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (closing) {
                        ch.close();
                        return;
                      }
                      connections.add(ch);
                      Connection connection = new Connection(self, requestMillis);
                      ch.pipeline()
                          .addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
                          .addLast(connection.new Bytes())
                          .addLast(new HttpServerCodec(decoder))
                          .addLast(new BodyLimit(maxBody))
                          .addLast(connection);
                    }
                  })
              .bind(new InetSocketAddress(config.host, config.port))
              .sync()
              .channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownThreads(0);
      throw e;
    } catch (Exception e) { // Netty's bind failure is a checked IOException it throws unchecked
      shutdownThreads(0);
      throw new dev.kiln.core.UserException(
          "Cannot listen on " + config.host + ":" + config.port + ": " + e.getMessage());
    }
  }

  /** The transport asked for, or for AUTO the first this host has of io_uring, epoll and NIO. */
  private static KilnServer.Io choose(KilnServer.Io wanted) {
    switch (wanted) {
      case AUTO:
        return IoUring.isAvailable()
            ? KilnServer.Io.IO_URING
            : Epoll.isAvailable() ? KilnServer.Io.EPOLL : KilnServer.Io.NIO;
      case IO_URING:
        if (!IoUring.isAvailable()) {
          throw new dev.kiln.core.UserException(
              "io_uring is not available here ("
                  + IoUring.unavailabilityCause()
                  + "); use epoll or auto");
        }
        return wanted;
      case EPOLL:
        if (!Epoll.isAvailable()) {
          throw new dev.kiln.core.UserException(
              "epoll is not available here (" + Epoll.unavailabilityCause() + "); use nio or auto");
        }
        return wanted;
      default:
        return wanted;
    }
  }

  KilnServer.Io io() {
    return io;
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  Routes routes() {
    return routes;
  }

  ExecutorService workers() {
    return workers;
  }

  boolean closing() {
    return closing;
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  /**
   * Whether the request may pass: no token configured, an open route, or the right bearer token.
   */
  boolean authorized(Request request, boolean required) {
    if (token == null || !required) {
      return true;
    }
    String header = request.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    // MessageDigest.isEqual takes the same time whatever the first differing byte is.
    return MessageDigest.isEqual(given, token);
  }

  Response unauthorized() {
    return Errors.of(
            ErrorCode.UNAUTHENTICATED,
            "This server needs a bearer token: send 'Authorization: Bearer <token>'.")
        .header("WWW-Authenticate", "Bearer");
  }

  /**
   * Stops accepting, closes idle connections, lets requests in flight finish (their connections
   * close after the answer) for at most {@code waitMillis}, then closes what is left.
   */
  void close(long waitMillis) {
    closing = true;
    listener.close().syncUninterruptibly();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (true) {
      for (Channel ch : connections) {
        ch.eventLoop()
            .execute(
                () -> {
                  Connection connection = ch.pipeline().get(Connection.class);
                  if (connection == null || connection.idle()) {
                    ch.close();
                  }
                });
      }
      if (inFlight.get() <= 0 && connections.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    shutdownThreads(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
  }

  private void shutdownThreads(long waitMillis) {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    acceptor.terminationFuture().syncUninterruptibly();
  }
}
