package dev.baton.coord;

/** A running watch on one document; closing it stops the notifications. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
