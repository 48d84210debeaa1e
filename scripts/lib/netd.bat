@echo off
rem Shared by every netd launcher on Windows, the twin of netd.sh: finds a Java 21+ (a release
rem with its own runtime runs only that), builds the jar in a checkout when it is missing
rem (under a lock, so that launchers started together build it once; a release never
rem builds), and runs program %1 with the JVM options of conf\jvm.options, its start-up
rem cache, then NETD_JAVA_OPTS, which win. Why those options and the cache: docs\JVM.md.
setlocal EnableDelayedExpansion
for %%R in ("%~dp0..\..") do set "NETD_ROOT=%%~fR"
set "NETD_CONF=%NETD_ROOT%\conf"
set "MODULE=%~1"
set "NO_RECORD="
shift
set "ARGS="
:collect
if "%~1"=="" goto collected
set ARGS=!ARGS! %1
rem A run that only prints its usage or version uses the cache but records none (netd.sh).
for %%A in (-h --help -V --version) do if "%~1"=="%%A" set "NO_RECORD=1"
shift
goto collect
:collected

set "RELEASE="
if exist "%NETD_ROOT%\lib\player.jar" set "RELEASE=1"
set "NETD_JAVA="
if not defined RELEASE goto find_java
if not exist "%NETD_ROOT%\runtime\bin\java.exe" goto find_java
call :try_java "%NETD_ROOT%\runtime\bin\java.exe"
if defined NETD_JAVA goto java_found
echo netd: this release's own runtime ^(%NETD_ROOT%\runtime^) does not run on this machine. 1>&2
exit /b 1
:find_java
if defined JAVA_HOME call :try_java "%JAVA_HOME%\bin\java.exe"
if not defined NETD_JAVA for /f "delims=" %%J in ('where java 2^>nul') do if not defined NETD_JAVA call :try_java "%%J"
if not defined NETD_JAVA for /d %%D in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\*" "%ProgramFiles%\Zulu\*") do if not defined NETD_JAVA call :try_java "%%~D\bin\java.exe"
if defined NETD_JAVA goto java_found
echo netd: no Java 21 or newer found ^(looked at JAVA_HOME, java on PATH and Program Files^); install a Java 21+ or set JAVA_HOME to one. 1>&2
exit /b 1
:java_found

set "JAR=%NETD_ROOT%\%MODULE%\target\%MODULE%.jar"
set "CACHE_DIR=%NETD_ROOT%\%MODULE%\target"
if defined RELEASE set "JAR=%NETD_ROOT%\lib\%MODULE%.jar"
if exist "%JAR%" goto jar_ready
if not defined RELEASE goto build_jar
echo netd: %JAR% is missing: this release is incomplete; unpack it again. 1>&2
exit /b 1
:build_jar
if not exist "%NETD_ROOT%\target" mkdir "%NETD_ROOT%\target"
set "BUILD=0"
echo netd: building %MODULE%.jar... 1>&2
:build_lock
rem Handle 9 held open on the lock file is the lock: Windows lets one process at a time
rem write it, and frees it when that process ends, however it ends. The 2>nul hides the
rem refusal while another holds it (and everything else said inside: Maven's output goes
rem to target\build-%MODULE%.log, shown when the build fails).
2>nul (
    9>"%NETD_ROOT%\target\build.lock" (
        call :build
    )
) || (
    timeout /t 1 /nobreak >nul
    goto build_lock
)
if not "!BUILD!"=="0" (
    type "!NETD_ROOT!\target\build-%MODULE%.log" 1>&2
    echo netd: building %MODULE%.jar failed ^(see above^); run "mvn -B package" in !NETD_ROOT! to see why. 1>&2
    exit /b 1
)
:jar_ready

rem The options of conf\jvm.options that apply to this program (see that file).
set "OPTIONS="
set "CACHE_SETTING=on"
set "SECTION=all"
if not exist "%NETD_CONF%\jvm.options" (
    echo netd: !NETD_CONF!\jvm.options is missing. 1>&2
    exit /b 1
)
for /f "usebackq eol=# delims=" %%L in ("%NETD_CONF%\jvm.options") do call :conf_line "%%L"

if /i "%NETD_CACHE%"=="off" goto run
if /i "!CACHE_SETTING!"=="off" goto run
call :cache_options
:run
"!NETD_JAVA!" !OPTIONS! !CACHE_OPTIONS! %NETD_JAVA_OPTS% -jar "%JAR%" !ARGS!
exit /b !ERRORLEVEL!

:try_java
if not exist "%~1" goto :eof
set "VERSION="
set "MAJOR=0"
for /f "tokens=3" %%V in ('"%~1" -version 2^>^&1 ^| findstr /i "version"') do if not defined VERSION set "VERSION=%%~V"
for /f "delims=.+-" %%M in ("!VERSION!") do set "MAJOR=%%M"
if "!MAJOR!"=="1" goto :eof
if !MAJOR! GEQ 21 set "NETD_JAVA=%~1"
goto :eof

rem Builds the jar unless a launcher that held the lock before has built it; BUILD is Maven's
rem exit code. mvn from PATH, else the checkout's pinned Maven Wrapper (mvnw.cmd).
:build
if exist "%JAR%" goto :eof
for %%J in ("!NETD_JAVA!") do for %%H in ("%%~dpJ..") do set "JAVA_HOME=%%~fH"
set "MAVEN=%NETD_ROOT%\mvnw.cmd"
where mvn >nul 2>nul && set "MAVEN=mvn"
pushd "%NETD_ROOT%"
call "!MAVEN!" -B -q -DskipTests package -pl %MODULE% -am > "%NETD_ROOT%\target\build-%MODULE%.log" 2>&1
set "BUILD=!ERRORLEVEL!"
popd
rem A start-up cache made for the jar this build replaced would be refused by the JVM.
del /q "%CACHE_DIR%\%MODULE%.aot" "%CACHE_DIR%\%MODULE%.jsa" 2>nul
goto :eof

rem One line of conf\jvm.options: a section, an option (with @CONF@ replaced) or a setting.
:conf_line
set "LINE=%~1"
if "!LINE:~0,1!"=="[" (
    set "SECTION=!LINE:~1,-1!"
    goto :eof
)
if not "!SECTION!"=="all" if not "!SECTION!"=="%MODULE%" goto :eof
if not "!LINE:~0,1!"=="-" goto conf_setting
set "LINE=!LINE:@CONF@=%NETD_CONF%!"
set OPTIONS=!OPTIONS! "!LINE!"
goto :eof
:conf_setting
if /i "!LINE!"=="start-up-cache=off" set "CACHE_SETTING=off"
goto :eof

rem CACHE_OPTIONS: the start-up cache, as netd.sh makes it (see netd_cache_options there). In
rem a release it lives in this user's LOCALAPPDATA, one directory per release and Java.
rem JDK 21-24: a class-data-sharing archive the JVM makes itself. JDK 25+: an AOT cache; a
rem run without one records a training, and a later start makes the cache from a training
rem whose run has ended. A training is taken by renaming it, which Windows refuses while the
rem JVM that writes it (at its exit) holds it open, so a half-written one is never read.
:cache_options
set "CACHE_OPTIONS="
if not defined RELEASE goto cache_dir_ready
rem The key also holds the jars' total size, the program jar's time and the runtime's release
rem file's size and time: a new version unpacked where the old one was, or a Java updated in
rem place, gets a directory of its own (netd.sh uses a checksum, which a batch file lacks).
set /a "JARS_SIZE=0"
for %%F in ("%NETD_ROOT%\lib\*.jar") do set /a "JARS_SIZE+=%%~zF"
set "STAMP=!JARS_SIZE!"
for %%F in ("%JAR%") do set "STAMP=!STAMP!_%%~tF"
for %%J in ("!NETD_JAVA!") do for %%R in ("%%~dpJ..\release") do if exist "%%~fR" set "STAMP=!STAMP!_%%~zR_%%~tR"
set "KEY=%NETD_ROOT%_!NETD_JAVA!_!STAMP!"
set "KEY=!KEY::=!"
set "KEY=!KEY:\=_!"
set "KEY=!KEY:/=-!"
set "KEY=!KEY: =_!"
set "CACHE_DIR=%LOCALAPPDATA%\netd\cache\!KEY!"
:cache_dir_ready
if not exist "!CACHE_DIR!" mkdir "!CACHE_DIR!" 2>nul
if not exist "!CACHE_DIR!" goto :eof
if !MAJOR! GEQ 25 goto aot_cache
if defined NO_RECORD (
    if exist "!CACHE_DIR!\%MODULE%.jsa" set CACHE_OPTIONS="-XX:SharedArchiveFile=!CACHE_DIR!\%MODULE%.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
    goto :eof
)
set CACHE_OPTIONS=-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=!CACHE_DIR!\%MODULE%.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
goto :eof
:aot_cache
set "CACHE=!CACHE_DIR!\%MODULE%.aot"
for %%T in ("!CACHE!.training-*") do call :cache_make "%%~fT"
if exist "!CACHE!" (
    set CACHE_OPTIONS="-XX:AOTCache=!CACHE!" -Xlog:aot=off -Xlog:cds=off
    goto :eof
)
if defined NO_RECORD goto :eof
rem The JVM ends a training with a line on stdout, which only -DisplayVMOutput silences.
set CACHE_OPTIONS=-XX:AOTMode=record "-XX:AOTConfiguration=!CACHE!.training-!RANDOM!!RANDOM!" -Xlog:aot=off -Xlog:cds=off -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput
goto :eof

:cache_make
set "TAKEN=!CACHE!.taking-!RANDOM!!RANDOM!"
move /y "%~1" "!TAKEN!" >nul 2>nul || goto :eof
if not exist "!CACHE!" (
    "!NETD_JAVA!" !OPTIONS! %NETD_JAVA_OPTS% -XX:AOTMode=create "-XX:AOTConfiguration=!TAKEN!" "-XX:AOTCache=!CACHE!.making" -Xlog:aot=off -Xlog:cds=off -cp "%JAR%" <nul >nul 2>nul && move /y "!CACHE!.making" "!CACHE!" >nul
)
del /q "!TAKEN!" "!CACHE!.making" 2>nul
goto :eof
