package dev.kiln.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Netty 4.2 with epoll (NIO where epoll is missing), the HTTP codec and an aggregator. With {@code
 * pool} the handler runs on a separate fixed pool of two threads instead of the event loop, to
 * measure what dispatching costs.
 */
final class NettyServer {
  private NettyServer() {}

  static void start(int port, int threads, boolean pool) throws InterruptedException {
    IoHandlerFactory io =
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    MultiThreadIoEventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    MultiThreadIoEventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, io);
    ExecutorService executor = pool ? Executors.newFixedThreadPool(2) : null;
    new ServerBootstrap()
        .group(boss, workers)
        .channel(channel)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(1 << 20))
                    .addLast(new Handler(executor));
              }
            })
        .bind("127.0.0.1", port)
        .sync();
    System.err.println("netty transport: " + (Epoll.isAvailable() ? "epoll" : "nio"));
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ExecutorService executor;

    Handler(ExecutorService executor) {
      this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      String uri = request.uri();
      if (executor == null) {
        byte[] in = uri.equals("/echo") ? ByteBufUtil.getBytes(request.content()) : null;
        respond(ctx, uri, in, keepAlive, false);
      } else {
        byte[] in = uri.equals("/echo") ? ByteBufUtil.getBytes(request.content()) : null;
        executor.execute(() -> respond(ctx, uri, in, keepAlive, true));
      }
    }

    private static void respond(
        ChannelHandlerContext ctx, String uri, byte[] in, boolean keepAlive, boolean flush) {
      byte[] body;
      HttpResponseStatus status = HttpResponseStatus.OK;
      if (uri.equals("/ping")) {
        body = EchoJson.PING;
      } else if (uri.equals("/echo")) {
        body = EchoJson.echo(in);
        if (body == null) {
          body = EchoJson.BAD;
          status = HttpResponseStatus.BAD_REQUEST;
        }
      } else {
        body = EchoJson.NOT_FOUND;
        status = HttpResponseStatus.NOT_FOUND;
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, EchoJson.JSON);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      if (!keepAlive) {
        ctx.writeAndFlush(response).addListener(f -> ctx.close());
      } else if (flush) {
        ctx.writeAndFlush(response);
      } else {
        ctx.write(response);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
