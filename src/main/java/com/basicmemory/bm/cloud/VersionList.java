package com.basicmemory.bm.cloud;

import java.util.List;

/**
 * The result of {@code bm cloud versions PATH}.
 *
 * @param path the file, relative to the sync directory
 * @param project its project
 * @param source {@code s3} (object versions in the cloud bucket) or {@code git} (the Git history of the sync
 *        directory)
 * @param location where the versions were read: the cloud folder (secrets masked) or the Git repository's folder
 * @param note why Git history was used (the reason the cloud keeps no versions, or {@code --source git}); null for s3
 * @param versions newest first
 */
public record VersionList(String path, String project, String source, String location, String note,
        List<FileVersion> versions) {
}
