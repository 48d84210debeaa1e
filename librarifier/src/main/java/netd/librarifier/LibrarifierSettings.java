package netd.librarifier;

import netd.common.library.HostPort;
import netd.common.library.StuffLayout;

import java.nio.file.Path;

/**
 * What to librarify, already checked by the command line: the file or folder exists and is
 * not empty, the book size fits the protocol, the output may be written.
 *
 * @param announce  the hub, written into the library
 * @param stuff     the file or folder to share
 * @param name      the stuff's name in the library: the file's or folder's base name
 * @param layout    its files, as scanned
 * @param bookSize  bytes per book, and whether the library is a netd one
 * @param output    where the library goes
 * @param overwrite whether an existing output may be replaced
 * @param createdBy the library's {@code created by}
 */
public record LibrarifierSettings(HostPort announce, Path stuff, String name, StuffLayout layout, BookSizeChoice bookSize,
                                  Path output, boolean overwrite, String createdBy) {
}
