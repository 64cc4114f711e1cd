package org.sysplug.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The util-linux list syntax of {@code chcpu}, {@code lscpu} and {@code taskset -c}. */
class IdListTest {

    @Test
    void parsesIdsRangesAndStridesInTheOrderGiven() {
        assertThat(IdList.parse("0-3,8,10-14:2")).containsExactly(0, 1, 2, 3, 8, 10, 12, 14);
        assertThat(IdList.parse("5")).containsExactly(5);
        assertThat(IdList.parse("0")).containsExactly(0);
        assertThat(IdList.parse("8,0-1")).as("the order the list names them").containsExactly(8, 0, 1);
        assertThat(IdList.parse("3-3")).containsExactly(3);
        assertThat(IdList.parse("0-3:5")).as("a stride past the end").containsExactly(0);
        assertThat(IdList.parse("1-10:3")).containsExactly(1, 4, 7, 10);
        assertThat(IdList.parse("1-11:3")).containsExactly(1, 4, 7, 10);
        assertThat(IdList.parse("2-6:1")).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void leadingZerosAreDecimalAsStrtoulReadsThem() {
        assertThat(IdList.parse("007,010-011")).containsExactly(7, 10, 11);
    }

    @Test
    void repeatsAreNamedOnceWhereTheyFirstAppear() {
        assertThat(IdList.parse("1,1")).containsExactly(1);
        assertThat(IdList.parse("4,0-5,2")).containsExactly(4, 0, 1, 2, 3, 5);
    }

    @Test
    void acceptsTheLargestIdADeviceNameHolds() {
        assertThat(IdList.parse("999999999")).containsExactly(IdList.MAX_ID);
        assertThat(IdList.parse("999999998-999999999")).containsExactly(999_999_998, 999_999_999);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "a              | invalid list 'a': 'a' is not an id; an item is an id, a range first-last or a range with a stride first-last:step, as in 0-3,8,10-14:2",
            "0-3,a          | invalid list '0-3,a': 'a' is not an id;",
            "0-b            | invalid list '0-b': 'b' in item '0-b' is not a number;",
            "0x10           | invalid list '0x10': '0x10' is not an id;",
            "+1             | invalid list '+1': '+1' is not an id;",
            "1x,2           | invalid list '1x,2': '1x' is not an id;",
            "3-1            | invalid list '3-1': range '3-1' goes backwards; write 1-3",
            "10-2:2         | invalid list '10-2:2': range '10-2:2' goes backwards; write 2-10:2",
            "1,,2           | invalid list '1,,2': item 2 is empty (two commas in a row)",
            "',1'           | invalid list ',1': item 1 is empty (a comma at the start)",
            "'1,'           | invalid list '1,': item 2 is empty (a comma at the end)",
            "','            | invalid list ',': item 1 is empty (a comma at the start)",
            "0-3:0          | invalid list '0-3:0': range '0-3:0' has stride 0; the stride is 1 or more",
            "1:2            | invalid list '1:2': item '1:2': a stride needs a range, as in 0-8:2",
            "1:2,3          | invalid list '1:2,3': item '1:2': a stride needs a range",
            "0-             | invalid list '0-': range '0-' has no last id, as in 0-3",
            "0-3:           | invalid list '0-3:': range '0-3:' has no stride after ':', as in 0-8:2",
            "-1             | invalid list '-1': item '-1' starts with '-': ids are not negative; a range is first-last, as in 0-3",
            "1-2-3          | invalid list '1-2-3': '2-3' in item '1-2-3' is not a number",
            "0:2-4          | invalid list '0:2-4': item '0:2-4': the stride comes after the range, as in 0-8:2",
            "0-4:2:2        | invalid list '0-4:2:2': '2:2' in item '0-4:2:2' is not a number",
            "1000000000     | invalid list '1000000000': id 1000000000 is too large: at most 999999999",
            "4294967296     | invalid list '4294967296': id 4294967296 is too large: at most 999999999",
            "99999999999999999999999 | invalid list '99999999999999999999999': id 99999999999999999999999 is too large",
            "0-4294967297   | invalid list '0-4294967297': id 4294967297 in item '0-4294967297' is too large: at most 999999999",
            "0-8:4294967297 | invalid list '0-8:4294967297': stride 4294967297 in item '0-8:4294967297' is too large",
            "0-999999999    | invalid list '0-999999999': it names 1000000000 ids, more than the 65536 one request may take",
            "0-65535,70000  | invalid list '0-65535,70000': it names at least 65537 ids, more than the 65536 one request may take",
    })
    void refusesABadListNamingTheBadPart(String list, String message) {
        assertThatThrownBy(() -> IdList.parse(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "' 1'", "'1 '", "'1 ,2'", "'1, 2'", "'1 -3'", "'1- 3'", "'0-3 :2'", "'1\t'", "'1\n'" })
    void refusesWhitespaceAnywhere(String list) {
        assertThatThrownBy(() -> IdList.parse(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid list '" + list + "': it contains whitespace; write it as one word without"
                        + " spaces, as in 0-3,8,10-14:2");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> IdList.parse("")).hasMessage("empty list: name at least one id, as in 0-3,8,10-14:2");
        assertThatThrownBy(() -> IdList.parse(null)).hasMessage("empty list: name at least one id, as in 0-3,8,10-14:2");
    }

    @Test
    void theBoundsAreTheCallers() {
        assertThat(IdList.parse("0-7", 7, 8)).hasSize(8);
        assertThatThrownBy(() -> IdList.parse("8", 7, 8)).hasMessage("invalid list '8': id 8 is too large: at most 7");
        assertThatThrownBy(() -> IdList.parse("0-3,1", 7, 4))
                .hasMessage("invalid list '0-3,1': it names at least 5 ids, more than the 4 one request may take");
    }

    @Test
    void formatsAscendingIdsAsRanges() {
        assertThat(IdList.format(List.of(0, 1, 2, 3, 8, 10, 11))).isEqualTo("0-3,8,10-11");
        assertThat(IdList.format(List.of(5))).isEqualTo("5");
        assertThat(IdList.format(List.of())).isEmpty();
        assertThat(IdList.format("cpu", List.of(11, 8, 9, 10, 14, 9))).isEqualTo("cpu8-11,14");
    }
}
