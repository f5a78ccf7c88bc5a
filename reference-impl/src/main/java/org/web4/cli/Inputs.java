package org.web4.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a command's input: a file, or standard input for "-". */
final class Inputs {
  private Inputs() {}

  static byte[] read(Path file, InputStream stdin) throws IOException {
    return file.toString().equals("-") ? stdin.readAllBytes() : Files.readAllBytes(file);
  }
}
