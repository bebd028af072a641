package dev.kiln.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's request loop, on its IO thread. Requests are answered strictly in order, one at
 * a time, which is what makes HTTP/1.1 pipelining safe when some handlers run on the worker pool:
 * while one request is being answered, later ones wait in {@code pending} and reading stops. A
 * handler that runs on the IO thread answers inline and the responses of one read are flushed
 * together ({@link #channelReadComplete}).
 */
final class Connection extends ChannelInboundHandlerAdapter {
  private static final Request BROKEN_RESPONSE =
      Request.of("-", "/(a response with an invalid header)", java.util.Map.of(), new byte[0]);

  private final Transport server;
  private final ArrayDeque<Object> pending = new ArrayDeque<>(2);
  private boolean busy;
  private boolean reading;
  private boolean partial; // bytes arrived that are not yet a whole request

  /**
   * The request time limit, counted in ticks of a quarter of it: a timer on the connection's own IO
   * thread adds one each quarter, and a request's first bytes note the tick they came in, so the
   * request path reads no clock.
   */
  private final long quarterMillis;

  private long tick;
  private long partialSince;
  private ScheduledFuture<?> ticking;

  Connection(Transport server, long requestMillis) {
    this.server = server;
    this.quarterMillis = Math.max(1, requestMillis / 4);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ticking =
        ctx.executor()
            .scheduleAtFixedRate(
                () -> tick(ctx), quarterMillis, quarterMillis, TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  /**
   * A quarter of the request time limit passed: a request whose first bytes came four ticks ago or
   * more and that is still not whole gets 408 and the connection is closed.
   */
  private void tick(ChannelHandlerContext ctx) {
    tick++;
    if (partial && !busy && tick - partialSince >= 4) {
      timedOut(ctx, "The request did not arrive in full within the server's request time limit.");
    }
  }

  boolean idle() {
    return !busy && pending.isEmpty();
  }

  /** Sits before the HTTP codec and notes that bytes arrived; {@link Connection} sees requests. */
  final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!partial) {
        partial = true;
        partialSince = tick;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * No bytes for the idle timeout: a connection that stopped in the middle of a request gets 408
   * and is closed; an idle keep-alive connection is just closed. A request being answered is not
   * interrupted (reading is paused while it runs).
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (!(event instanceof IdleStateEvent)) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    if (busy) {
      return;
    }
    if (partial) {
      timedOut(ctx, "The request did not arrive in full within the server's idle timeout.");
    } else {
      ctx.close();
    }
  }

  /** Answers the unfinished request 408 with {@code message} and closes the connection. */
  private void timedOut(ChannelHandlerContext ctx, String message) {
    partial = false;
    busy = true;
    server.started();
    finish(ctx, Errors.of(ErrorCode.REQUEST_TIMEOUT, message), false);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    partial = false;
    if (busy) {
      pending.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    reading = true;
    process(ctx, msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    ctx.flush();
  }

  private void process(ChannelHandlerContext ctx, Object msg) {
    busy = true;
    server.started();
    if (msg instanceof BodyLimit.Oversized) {
      BodyLimit.Oversized big = (BodyLimit.Oversized) msg;
      finish(ctx, Errors.of(ErrorCode.PAYLOAD_TOO_LARGE, big.message()), !big.close());
      return;
    }
    FullHttpRequest http = (FullHttpRequest) msg;
    DecoderResult decoded = http.decoderResult();
    if (decoded.isFailure()) {
      http.release();
      String why = decoded.cause() == null ? "unreadable" : decoded.cause().getMessage();
      finish(ctx, Errors.of(ErrorCode.MALFORMED_REQUEST, "Malformed HTTP request: " + why), false);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(http);
    Request request = new Request(http.method().name(), http.uri(), http.headers(), http.content());
    Routes.Match match = server.routes().match(request);
    Route route = match.route;
    Response refused = null;
    if (!server.authorized(request, route == null || route.requiresAuth())) {
      refused = server.unauthorized(); // before 404/405, so the routes stay private
    } else if (route == null) {
      refused = match.error;
    }
    if (refused != null || route.runsOnIoThread()) {
      Response response = refused != null ? refused : Routes.invoke(route, request);
      http.release();
      finish(ctx, response, keepAlive);
      return;
    }
    try {
      server
          .workers()
          .execute(
              () -> {
                Response response;
                try {
                  response = Routes.invoke(route, request);
                } finally {
                  http.release();
                }
                try {
                  ctx.executor().execute(() -> finish(ctx, response, keepAlive));
                } catch (RejectedExecutionException closed) {
                  // The shutdown timeout ran out and the IO threads are gone: nobody to answer.
                  server.finished();
                }
              });
    } catch (RejectedExecutionException e) {
      http.release();
      finish(
          ctx,
          Errors.of(
                  ErrorCode.TEMPORARILY_UNAVAILABLE,
                  "The server is busy (every worker and queue slot is taken); retry shortly.")
              .header("Retry-After", "1"),
          keepAlive);
    }
  }

  private void finish(ChannelHandlerContext ctx, Response response, boolean keepAlive) {
    boolean close = !keepAlive || server.closing() || !ctx.channel().isActive();
    FullHttpResponse http;
    try {
      http = encode(response, close);
    } catch (IllegalArgumentException e) {
      // A handler set a header Netty refuses (a line break in a value): a bug, answered as one.
      http = encode(Errors.render(e, BROKEN_RESPONSE), close);
    }
    busy = false;
    server.finished();
    if (close) {
      drop();
      ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (reading) {
      ctx.write(http, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(http, ctx.voidPromise());
    }
    Object next = pending.poll();
    if (next != null) {
      process(ctx, next);
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private static FullHttpResponse encode(Response response, boolean close) {
    FullHttpResponse http =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(response.status()),
            Unpooled.wrappedBuffer(response.body()));
    HttpHeaders headers = http.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    for (int i = 0; i < response.headerCount(); i++) {
      headers.add(response.headerName(i), response.headerValue(i));
    }
    if (close) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return http;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ticking != null) {
      ticking.cancel(false);
    }
    drop();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An IO error (reset by the peer) or a bug in the pipeline: the connection cannot continue.
    drop();
    ctx.close();
  }

  private void drop() {
    Object msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
