package netd.hub.cli;

import netd.common.testing.HelpText;
import org.junit.jupiter.api.Test;

class HubMainHelpTest {
    @Test
    void examplesAndExitCodesKeepTheirLines() {
        HelpText.assertFooterLinesFit(new HubMain().commandLine());
    }
}
