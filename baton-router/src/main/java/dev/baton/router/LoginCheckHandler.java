package dev.baton.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.Promise;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Drives one health check over a fresh connection: reads the greeting, logs in, and ends with
 * COM_QUIT, so the server records an orderly session and nothing in Aborted_connects. The
 * promise gets null when the login succeeded, or the one-line reason it did not.
 *
 * <p>Frames come from {@link #frames}: each is one MySQL packet, its sequence number first.
 */
final class LoginCheckHandler extends ChannelInboundHandlerAdapter {
  /** A greeting or RSA key is well under a kilobyte; anything near this is not a MySQL server. */
  private static final int MAX_PACKET = 64 * 1024;

  private enum Stage { GREETING, LOGIN, PUBLIC_KEY }

  private final String user;
  private final String password;
  private final Promise<String> result;
  private Stage stage = Stage.GREETING;
  private String plugin;
  private byte[] nonce;

  LoginCheckHandler(String user, String password, Promise<String> result) {
    this.user = user;
    this.password = password;
    this.result = result;
  }

  /** Splits the byte stream into MySQL packets: 3-byte little-endian length, then sequence and payload. */
  static LengthFieldBasedFrameDecoder frames() {
    return new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, MAX_PACKET, 0, 3, 1, 3, true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    int sequence;
    byte[] payload;
    try {
      sequence = frame.readUnsignedByte();
      payload = new byte[frame.readableBytes()];
      frame.readBytes(payload);
    } finally {
      frame.release();
    }
    try {
      if (payload.length == 0) {
        throw new MysqlLogin.LoginException("the server sent an empty packet");
      }
      answer(ctx, sequence + 1, payload);
    } catch (MysqlLogin.LoginException e) {
      fail(ctx, e.getMessage());
    }
  }

  private void answer(ChannelHandlerContext ctx, int next, byte[] p) throws MysqlLogin.LoginException {
    int marker = p[0] & 0xFF;
    if (marker == MysqlLogin.ERR && stage != Stage.GREETING) {
      throw MysqlLogin.error(p);
    }
    switch (stage) {
      case GREETING -> {
        MysqlLogin.Greeting greeting = MysqlLogin.greeting(p);
        plugin = greeting.plugin();
        nonce = greeting.nonce();
        send(ctx, next, MysqlLogin.handshakeResponse(user, password, greeting));
        stage = Stage.LOGIN;
      }
      case LOGIN -> login(ctx, next, p, marker);
      case PUBLIC_KEY -> {
        if (marker != MysqlLogin.MORE_DATA) {
          throw new MysqlLogin.LoginException("expected the server's RSA public key, got packet type " + marker);
        }
        send(ctx, next, MysqlLogin.encryptPassword(password, nonce, Arrays.copyOfRange(p, 1, p.length)));
        stage = Stage.LOGIN;
      }
    }
  }

  private void login(ChannelHandlerContext ctx, int next, byte[] p, int marker) throws MysqlLogin.LoginException {
    if (marker == MysqlLogin.OK) {
      send(ctx, 0, MysqlLogin.COM_QUIT).addListener(ChannelFutureListener.CLOSE);
      result.trySuccess(null);
    } else if (marker == MysqlLogin.AUTH_SWITCH) {
      MysqlLogin.Switch to = MysqlLogin.authSwitch(p, password);
      plugin = to.plugin();
      nonce = to.nonce();
      send(ctx, next, to.response());
    } else if (marker == MysqlLogin.MORE_DATA && plugin.equals(MysqlLogin.CACHING_SHA2_PASSWORD) && p.length == 2) {
      if (p[1] == MysqlLogin.FULL_AUTH_NEEDED) {
        send(ctx, next, MysqlLogin.PUBLIC_KEY_REQUEST);
        stage = Stage.PUBLIC_KEY;
      } else if (p[1] != MysqlLogin.FAST_AUTH_OK) {
        throw new MysqlLogin.LoginException("unexpected caching_sha2_password step " + p[1]);
      }
    } else {
      throw new MysqlLogin.LoginException("unexpected packet type " + marker + " during the login");
    }
  }

  private static ChannelFuture send(ChannelHandlerContext ctx, int sequence, byte[] payload) {
    ByteBuf packet = ctx.alloc().buffer(4 + payload.length);
    packet.writeMediumLE(payload.length);
    packet.writeByte(sequence);
    packet.writeBytes(payload);
    return ctx.writeAndFlush(packet);
  }

  private void fail(ChannelHandlerContext ctx, String reason) {
    result.trySuccess(reason);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.trySuccess("the server closed the connection during the login");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause.getMessage() != null ? cause.getMessage() : cause.toString());
  }
}
