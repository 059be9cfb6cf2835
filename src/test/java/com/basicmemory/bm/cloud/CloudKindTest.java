package com.basicmemory.bm.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The versioning status as each rclone era prints it. The outputs are real: {@code rclone backend versioning s3:B}
 * against S3Mock 4.12.4 with rclone 1.60.1 (bare words) and 1.75.2 (JSON strings, from 1.68 on).
 */
class CloudKindTest {

    @Test
    void rclone160PrintsTheBareStatus() {
        assertEquals("Enabled", CloudKind.versioningStatus(List.of("Enabled")));
        assertEquals("Suspended", CloudKind.versioningStatus(List.of("Suspended")));
        assertEquals("Unversioned", CloudKind.versioningStatus(List.of("Unversioned")));
    }

    @Test
    void rclone175PrintsItJsonQuoted() {
        assertEquals("Enabled", CloudKind.versioningStatus(List.of("\"Enabled\"")));
        assertEquals("Suspended", CloudKind.versioningStatus(List.of("\"Suspended\"")));
        assertEquals("Unversioned", CloudKind.versioningStatus(List.of("\"Unversioned\"")));
    }

    @Test
    void nothingPrintedIsUnversioned() {
        assertEquals("Unversioned", CloudKind.versioningStatus(List.of()));
        assertEquals("Unversioned", CloudKind.versioningStatus(List.of("\"\"")));
        assertEquals("Unversioned", CloudKind.versioningStatus(List.of("null")));
    }

    @Test
    void aVersionedKindKeepsVersionsWhateverTheQuoting() {
        assertEquals(true, new CloudKind("s3", CloudKind.versioningStatus(List.of("\"Enabled\"")), "s3:b")
                .hasS3Versions());
    }
}
