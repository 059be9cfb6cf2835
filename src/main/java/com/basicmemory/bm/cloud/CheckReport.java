package com.basicmemory.bm.cloud;

import java.util.List;

/**
 * The result of {@code bm cloud check}: per project and in total, which files are only local, only in the cloud,
 * or differ in content, and how many match. Paths are relative to the sync directory.
 *
 * @param inSync no differences and no errors
 * @param oneWay only local files were checked (files only in the cloud are not looked for)
 * @param onlyLocal total files only in the local sync directory
 * @param onlyCloud total files only in the cloud
 * @param differing total files on both sides whose content differs
 * @param matching total identical files
 * @param projects one entry per project checked
 */
public record CheckReport(boolean inSync, boolean oneWay, int onlyLocal, int onlyCloud, int differing, long matching,
        List<ProjectCheck> projects) {

    /**
     * One project's check.
     *
     * @param project the project
     * @param onlyLocal files only in the local folder
     * @param onlyCloud files only in the cloud folder
     * @param differing files whose content differs
     * @param matching number of identical files
     * @param errors files or problems rclone could not check
     */
    public record ProjectCheck(String project, List<String> onlyLocal, List<String> onlyCloud, List<String> differing,
            long matching, List<String> errors) {
        public boolean clean() {
            return onlyLocal.isEmpty() && onlyCloud.isEmpty() && differing.isEmpty() && errors.isEmpty();
        }
    }
}
