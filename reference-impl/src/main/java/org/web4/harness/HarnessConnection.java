package org.web4.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.json.JsonCanonicalizer;

/**
 * One harness connection on the event loop: decides refusals on the headers alone and answers them
 * at once [HAR-LIM-004], buffers an admitted body up to the limit [HAR-LIM-001], hands the complete
 * request to a worker thread, and keeps every connection within its deadlines [HAR-LIM-002] so that
 * a stalled one costs only its socket [HAR-LIM-006]. One request at a time: reading stops while an
 * operation runs.
 */
final class HarnessConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HarnessConnection.class);

  private enum Phase {
    /** Waiting for a request (or for the rest of its headers). */
    WAITING,
    /** An admitted request's body is arriving. */
    RECEIVING,
    /** The operation runs on a worker; nothing is read. */
    ANSWERING,
    /** A refusal was sent; what still arrives is dropped until the connection closes. */
    CLOSING
  }

  private final HarnessRouter router;
  private final Executor workers;
  private final BodyBudget budget;

  private Phase phase = Phase.WAITING;
  private @Nullable Operation operation;
  private boolean keepAlive;
  private ByteArrayOutputStream body = new ByteArrayOutputStream();
  private long reserved;
  private @Nullable ScheduledFuture<?> deadline;

  HarnessConnection(HarnessRouter router, Executor workers, BodyBudget budget) {
    this.router = router;
    this.workers = workers;
    this.budget = budget;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx, HarnessLimits.REQUEST_TIMEOUT);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    releaseBody();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (phase == Phase.CLOSING || phase == Phase.ANSWERING) {
        // CLOSING: dropped; ANSWERING: a pipelined request, answered with the close that follows
        keepAlive = false;
        return;
      }
      if (msg instanceof HttpRequest request) {
        onHead(ctx, request);
      }
      if (msg instanceof HttpContent content && phase == Phase.RECEIVING) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      // [HAR-LIM-005] an over-long request line or header section; [HAR-API-001] anything else
      // that is not HTTP/1.1 is a JSON 400 too, never the codec's own answer
      refuse(ctx, malformed(decoded.cause()));
      return;
    }
    QueryStringDecoder target = new QueryStringDecoder(request.uri());
    RequestHead head =
        new RequestHead(
            request.method().name(),
            target.rawPath(),
            request.headers().getAll(HttpHeaderNames.AUTHORIZATION),
            request.headers().getAll(HttpHeaderNames.CONTENT_TYPE),
            HttpUtil.isTransferEncodingChunked(request)
                ? -1
                : HttpUtil.getContentLength(request, -1L));
    try {
      operation = router.admit(head);
    } catch (HarnessException e) {
      refuse(ctx, e);
      return;
    }
    keepAlive = HttpUtil.isKeepAlive(request);
    phase = Phase.RECEIVING;
    if (HttpUtil.is100ContinueExpected(request)) {
      var unused =
          ctx.writeAndFlush(
              new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    if (content.decoderResult().isFailure()) {
      refuse(ctx, malformed(content.decoderResult().cause()));
      return;
    }
    Operation op = operation;
    ByteBuf bytes = content.content();
    int n = bytes.readableBytes();
    if (op != null && op.method().equals("POST") && n > 0) {
      // [HAR-LIM-001] whether or not the length was announced: never more than the limit
      if ((long) body.size() + n > HarnessLimits.MAX_BODY_BYTES) {
        refuse(ctx, HarnessRouter.tooLarge());
        return;
      }
      if (!budget.reserve(n)) {
        refuse(
            ctx,
            new HarnessException(
                HarnessError.BUSY, "the harness holds too many request bodies; try again"));
        return;
      }
      reserved += n;
      body.writeBytes(ByteBufUtil.getBytes(bytes));
    }
    // the body of a GET is ignored (HAR-ERR-004) and never kept
    if (content instanceof LastHttpContent) {
      dispatch(ctx);
    }
  }

  private void dispatch(ChannelHandlerContext ctx) {
    Operation op = operation;
    if (op == null) {
      throw new IllegalStateException("a body without an admitted request");
    }
    phase = Phase.ANSWERING;
    cancelDeadline();
    ctx.channel().config().setAutoRead(false);
    byte[] bytes = body.toByteArray();
    // the body stays counted until the operation is done with it: queued bodies count too
    long held = reserved;
    reserved = 0;
    body = new ByteArrayOutputStream();
    workers.execute(
        () -> {
          int status = 200;
          ObjectNode answer;
          Map<String, String> headers = Map.of();
          try {
            answer = router.answer(op, bytes);
          } catch (HarnessException e) {
            status = e.error().status();
            answer = Responses.error(e.error(), String.valueOf(e.getMessage()));
            headers = e.headers();
          } catch (RuntimeException e) {
            LOG.error("harness: internal fault on {} {}", op.method(), op.path(), e);
            status = HarnessError.INTERNAL.status();
            answer =
                Responses.error(HarnessError.INTERNAL, "internal fault: " + e.getClass().getName());
          }
          budget.release(held);
          FullHttpResponse response = response(status, answer, headers);
          ctx.executor().execute(() -> answered(ctx, response));
        });
  }

  /** Back on the event loop with the operation's answer. */
  private void answered(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (!ctx.channel().isActive()) {
      response.release();
      return;
    }
    boolean again = keepAlive;
    HttpUtil.setKeepAlive(response, again);
    arm(ctx, HarnessLimits.RESPONSE_TIMEOUT);
    ctx.writeAndFlush(response)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess() || !again) {
                    var unused = f.channel().close();
                    return;
                  }
                  operation = null;
                  phase = Phase.WAITING;
                  arm(ctx, HarnessLimits.REQUEST_TIMEOUT);
                  f.channel().config().setAutoRead(true);
                });
  }

  /**
   * Answers a refusal at once, whatever is left of the request, then half-closes and drops what
   * still arrives until the client closes or {@link HarnessLimits#LINGER} passes, so that the
   * client reads the refusal instead of a reset [HAR-LIM-004].
   */
  private void refuse(ChannelHandlerContext ctx, HarnessException e) {
    phase = Phase.CLOSING;
    releaseBody();
    FullHttpResponse response =
        response(
            e.error().status(),
            Responses.error(e.error(), String.valueOf(e.getMessage())),
            e.headers());
    HttpUtil.setKeepAlive(response, false);
    ctx.channel().config().setAutoRead(true);
    arm(ctx, HarnessLimits.LINGER);
    ctx.writeAndFlush(response)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (f.isSuccess() && f.channel() instanceof SocketChannel socket) {
                    var unused = socket.shutdownOutput();
                  } else {
                    var unused = f.channel().close();
                  }
                });
  }

  private static HarnessException malformed(Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      return new HarnessException(
          HarnessError.HEADERS_TOO_LARGE,
          "the request line is longer than "
              + HarnessLimits.MAX_REQUEST_LINE_BYTES
              + " bytes or the header section longer than "
              + HarnessLimits.MAX_HEADER_BYTES);
    }
    return HarnessException.badRequest("not an HTTP/1.1 request: " + cause.getMessage());
  }

  static FullHttpResponse response(int status, ObjectNode body, Map<String, String> headers) {
    byte[] bytes = JsonCanonicalizer.canonicalString(body).getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    headers.forEach(response.headers()::set);
    return response;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // the client went away mid-request: nobody to answer
    LOG.debug("harness: connection dropped: {}", cause.toString());
    var unused = ctx.close();
  }

  /** Closes the connection unless it moves on before {@code timeout} [HAR-LIM-002]. */
  private void arm(ChannelHandlerContext ctx, Duration timeout) {
    cancelDeadline();
    Runnable close =
        () -> {
          var unused = ctx.close();
        };
    deadline = ctx.executor().schedule(close, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void cancelDeadline() {
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
      deadline = null;
    }
  }

  private void releaseBody() {
    budget.release(reserved);
    reserved = 0;
    // a new buffer: an idle connection keeps nothing of its last body
    body = new ByteArrayOutputStream();
  }
}
