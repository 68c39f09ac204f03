namespace Kompeten.Web.Features.Registry;

public static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
    }
}
