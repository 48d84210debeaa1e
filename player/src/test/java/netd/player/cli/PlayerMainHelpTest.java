package netd.player.cli;

import netd.common.testing.HelpText;
import org.junit.jupiter.api.Test;

class PlayerMainHelpTest {
    @Test
    void examplesAndExitCodesKeepTheirLines() {
        HelpText.assertFooterLinesFit(new PlayerMain().commandLine());
    }
}
