package dev.baton.backup.store;

import dev.baton.backup.store.S3Settings.AccessKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for tests: s3proxy in this JVM, on 127.0.0.1 and a free port,
 * keeping its objects in a directory, with signature-v4 authentication like AWS.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String BUCKET = "baton-test";
  static final AccessKey KEY = new AccessKey("baton-access", "baton-secret-key");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private S3TestServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  public static S3TestServer start(Path dir) throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2").credentials(KEY.id(), KEY.secret())
        .overrides(p).build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, BUCKET);
    S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY.id(), KEY.secret())
        .build();
    proxy.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        context.close();
        throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT + ": " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new S3TestServer(context, proxy);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Settings for the test bucket, with the given part size. */
  public S3Settings settings(int partSize) {
    return S3Settings.of(BUCKET).withEndpoint(endpoint(), KEY).withPartSize(partSize);
  }

  public S3Settings settings() {
    return settings(S3Settings.MIN_PART_SIZE);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping s3proxy failed", e);
    } finally {
      context.close();
    }
  }
}
