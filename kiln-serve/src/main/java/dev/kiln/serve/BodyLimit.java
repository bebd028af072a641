package dev.kiln.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator with Kiln's 413. A body whose declared {@code Content-Length} is over the
 * limit is refused before it is read: on a keep-alive connection the rest of it is discarded
 * unbuffered and the connection stays usable (as Netty does); a body that outgrows the limit while
 * arriving (chunked) is answered and the connection closed. The answer is passed down the pipeline
 * as an {@link Oversized} so it keeps its place among pipelined responses.
 */
final class BodyLimit extends HttpObjectAggregator {
  private final int maxBytes;

  BodyLimit(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  /**
   * Netty answers {@code Expect} itself: 100 Continue, or 417 for an expectation it does not know,
   * or 413 for a declared body over the limit. The refusals get Kiln's JSON error body.
   */
  @Override
  protected Object newContinueResponse(
      HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
    if (!(answer instanceof HttpResponse)) {
      return answer;
    }
    HttpResponse refusal = (HttpResponse) answer;
    int status = refusal.status().code();
    if (status < 400) {
      return answer;
    }
    ReferenceCountUtil.release(answer);
    byte[] body =
        status == 413
            ? Errors.body(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body ("
                    + HttpUtil.getContentLength(start, -1L)
                    + " bytes) is larger than this server's limit of "
                    + maxBytes
                    + " bytes.")
            : Errors.body(
                ErrorCode.BAD_REQUEST,
                "Expectation '"
                    + start.headers().get(HttpHeaderNames.EXPECT, "")
                    + "' is not supported; only 'Expect: 100-continue' is.");
    FullHttpResponse json =
        new DefaultFullHttpResponse(
            refusal.protocolVersion(), refusal.status(), Unpooled.wrappedBuffer(body));
    json.headers().set(refusal.headers());
    json.headers().set(HttpHeaderNames.CONTENT_TYPE, Response.JSON);
    json.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return json;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest)) {
      ctx.close();
      return;
    }
    HttpRequest request = (HttpRequest) oversized;
    boolean close =
        oversized instanceof FullHttpMessage
            || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
    String declared =
        HttpUtil.isContentLengthSet(request)
            ? HttpUtil.getContentLength(request, -1L) + " bytes"
            : "a chunked body over the limit";
    ctx.fireChannelRead(
        new Oversized(
            request.method().name(),
            request.uri(),
            close,
            "The request body ("
                + declared
                + ") is larger than this server's limit of "
                + maxBytes
                + " bytes."));
  }

  /** The 413 to answer in place of an oversized request. */
  record Oversized(String method, String uri, boolean close, String message) {}
}
