package org.sysplug.frontend.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Written values read as the kernel reads them. */
class ValuesTest {

    @ParameterizedTest
    @CsvSource({"1,true", "'1\n',true", "y,true", "Yes,true", "on,true", "ON,true", "0,false", "'0\n',false", "n,false",
            "No,false", "off,false", "oF,false"})
    void kstrtoboolTakesWhatTheKernelTakes(String value, boolean expected) throws SysfsError {
        assertThat(Values.bool(value, "f")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "o", "ox", "true", " 1", "\n"})
    void kstrtoboolRefusesTheRestWithEinval(String value) {
        assertThatThrownBy(() -> Values.bool(value, "cpu3/online")).isInstanceOf(SysfsError.class)
                .satisfies(e -> assertThat(((SysfsError) e).errno()).isEqualTo(Errnos.EINVAL));
    }

    @ParameterizedTest
    @CsvSource({"cpu0,0", "cpu12,12", "cpu,-1", "cpu01,-1", "cpu-1,-1", "cpu1a,-1", "cpx1,-1", "cpu9999999999,-1"})
    void aDirectoryNameGivesItsNumber(String name, int expected) {
        assertThat(Values.index(name, "cpu")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'online\n',online", "online,online", "'online\n\n','online\n'"})
    void aWordLosesOneTrailingNewline(String value, String expected) {
        assertThat(Values.word(value)).isEqualTo(expected);
    }
}
