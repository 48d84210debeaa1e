@echo off
rem Shared by every netd launcher: finds a JDK 21+, builds the jar when missing, runs program %1.
setlocal EnableDelayedExpansion
set "NETD_ROOT=%~dp0..\.."
set "MODULE=%~1"
shift
set "ARGS="
:collect
if "%~1"=="" goto collected
set ARGS=!ARGS! %1
shift
goto collect
:collected

set "NETD_JAVA="
if defined JAVA_HOME call :try_java "%JAVA_HOME%\bin\java.exe"
if not defined NETD_JAVA for /f "delims=" %%J in ('where java 2^>nul') do if not defined NETD_JAVA call :try_java "%%J"
if not defined NETD_JAVA for /d %%D in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\*" "%ProgramFiles%\Zulu\*") do if not defined NETD_JAVA call :try_java "%%~D\bin\java.exe"
if not defined NETD_JAVA (
    echo netd: no Java 21 or newer found ^(looked at JAVA_HOME, java on PATH and Program Files^); install a JDK 21+ or set JAVA_HOME to one. 1>&2
    exit /b 1
)

set "JAR=%NETD_ROOT%\%MODULE%\target\%MODULE%.jar"
if not exist "%JAR%" (
    where mvn >nul 2>nul || (
        echo netd: Maven ^(mvn^) is needed to build netd but is not on PATH; install Maven 3.8+. 1>&2
        exit /b 1
    )
    for %%J in ("!NETD_JAVA!") do for %%H in ("%%~dpJ..") do set "JAVA_HOME=%%~fH"
    echo netd: building %MODULE%.jar... 1>&2
    pushd "%NETD_ROOT%"
    call mvn -B -q -DskipTests package -pl %MODULE% -am 1>&2
    set BUILD=!ERRORLEVEL!
    popd
    if not "!BUILD!"=="0" (
        echo netd: building %MODULE%.jar failed; run "mvn -B package" in %NETD_ROOT% to see why. 1>&2
        exit /b 1
    )
)
"!NETD_JAVA!" %NETD_JAVA_OPTS% -jar "%JAR%" !ARGS!
exit /b !ERRORLEVEL!

:try_java
if not exist "%~1" goto :eof
for /f "tokens=3" %%V in ('"%~1" -version 2^>^&1 ^| findstr /i "version"') do set "VERSION=%%~V"
for /f "delims=." %%M in ("!VERSION!") do set "MAJOR=%%M"
if "!MAJOR!"=="1" goto :eof
if !MAJOR! GEQ 21 set "NETD_JAVA=%~1"
goto :eof
