namespace Kompeten.Web.Features.Account;

public static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder app)
    {
    }
}
