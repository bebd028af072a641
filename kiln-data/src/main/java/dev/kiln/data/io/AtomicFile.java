package dev.kiln.data.io;

import dev.kiln.core.UserException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file under a temporary name beside it and moves it into place when complete. */
public final class AtomicFile {
  /** The part of a write that fills the temporary file. */
  @FunctionalInterface
  public interface Body {
    void write(Path tmp) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path target, Body body) {
    FrameWriter.checkWritable(target);
    Path dir = target.toAbsolutePath().getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    } catch (AccessDeniedException e) {
      throw new UserException("cannot write " + target + ": permission denied on " + dir);
    } catch (NoSuchFileException e) {
      throw new UserException("cannot write " + target + ": the folder " + dir + " does not exist");
    } catch (IOException e) {
      throw FrameWriter.unwritable(target, e);
    }
    boolean done = false;
    try {
      Files.deleteIfExists(tmp);
      body.write(tmp);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } catch (IOException e) {
      throw FrameWriter.unwritable(target, e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the target itself was never touched
        }
      }
    }
  }

  /** Writes text atomically. */
  public static void writeString(Path target, String text) {
    write(target, tmp -> Files.writeString(tmp, text));
  }
}
