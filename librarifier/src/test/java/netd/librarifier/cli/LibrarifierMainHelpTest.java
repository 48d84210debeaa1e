package netd.librarifier.cli;

import netd.common.testing.HelpText;
import org.junit.jupiter.api.Test;

class LibrarifierMainHelpTest {
    @Test
    void examplesAndExitCodesKeepTheirLines() {
        HelpText.assertFooterLinesFit(new LibrarifierMain().commandLine());
    }
}
