package netd.librarifier;

import netd.common.library.HostPort;

import java.nio.file.Path;

/**
 * What to librarify, already checked by the command line: the file exists and is not empty,
 * the book size fits the protocol, the output may be written.
 *
 * @param announce  the hub, written into the library
 * @param stuff     the file to share
 * @param name      the stuff's name in the library: the file's base name
 * @param bookSize  bytes per book
 * @param output    where the library goes
 * @param overwrite whether an existing output may be replaced
 * @param createdBy the library's {@code created by}
 */
public record LibrarifierSettings(HostPort announce, Path stuff, String name, int bookSize, Path output, boolean overwrite,
                                  String createdBy) {
}
